"""UK–Nigeria nursing (CGD 2021 case study; PILOTS.md "UK nursing"): large nursing cohorts trained in Lagos,
two on the home track for each one on the away track, under a government-to-government agreement because
Nigeria is on the WHO safeguards list. Figures not published are plausible, and marked illustrative."""

import datetime as dt

from identity.choices import OrganisationKind
from migration_tracks.choices import MigrationStage
from partnerships.choices import LanguageLevel, PartyRole, PayerRole, SkillNeedStatus, Track, WagePeriod

from .base import (
    centre,
    cost_table,
    country,
    course,
    domestic_cost,
    indexed,
    management_costs,
    org,
    partnership,
    price_list,
)
from .cohorts import Need, populate
from .finance import fee, spending
from .plans import Intake, Outcomes

D = dt.date
K, R, PR = OrganisationKind, PartyRole, PayerRole
CODE = "uk-ng-nursing"
MINISTRY_UK = ("Department of Health and Social Care", "GB")
MINISTRY_NG = ("Federal Ministry of Health", "NG")
NHS_TRUST = ("Northgate Hospitals NHS Foundation Trust", "GB")
COLLEGE = ("Lagos College of Nursing Sciences", "NG")
ILLUSTRATIVE = "Illustrative: order of magnitude of a three-year UK nursing degree (tuition, support, placements)."

COSTS = {  # NGN per trainee over the three years
    "instruction": "4200000",
    "materials": "850000",
    "language": "420000",
    "stipend": "2160000",
    "assessment": "300000",
    "pre_departure": "650000",
    "travel_visa": "2800000",
    "placement": "500000",
    "return_reintegration": "900000",
}
PRICED_FROM = D(2022, 6, 1)
# The naira lost three quarters of its value against the pound between mid-2023 and mid-2024. Unchanged, the
# 2022 prices would have cost the 2024 intake a quarter of what they cost the 2022 intake in pounds, and the
# college could not have paid its staff: the contract was re-priced from July 2024 (naira prices × 3.6).
REPRICED_FROM = D(2024, 7, 1)
REPRICED = indexed(COSTS, "3.6", unit=10000)
HALF_YEARS = [D(y, m, d) for y in range(2022, 2027) for m, d in ((6, 30), (12, 31))][1:-1]
RULES = cost_table(
    {PR.DESTINATION_GOVERNMENT: 70, PR.ORIGIN_GOVERNMENT: 30},
    {
        (Track.HOME, "language"): {PR.DESTINATION_GOVERNMENT: 100},
        (Track.HOME, "stipend"): {PR.ORIGIN_GOVERNMENT: 50, PR.TRAINEE: 50},
        (Track.HOME, "assessment"): {PR.DESTINATION_GOVERNMENT: 100},
        (Track.HOME, "placement"): {PR.ORIGIN_EMPLOYER: 100},
        (Track.HOME, "return_reintegration"): {PR.ORIGIN_GOVERNMENT: 100},
        (Track.AWAY, "instruction"): {PR.DESTINATION_EMPLOYER: 60, PR.DESTINATION_GOVERNMENT: 40},
        (Track.AWAY, "materials"): {PR.DESTINATION_EMPLOYER: 60, PR.DESTINATION_GOVERNMENT: 40},
        (Track.AWAY, "language"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "stipend"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "assessment"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "pre_departure"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "travel_visa"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "placement"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "return_reintegration"): {PR.DESTINATION_GOVERNMENT: 100},
    },
)
OUTCOMES = Outcomes(
    home_wage=("180000", "NGN"),
    place_home=0.85,
    place_away=0.95,
    decline=0.05,
    end_rate=0.1,
    recognition_days=90,  # NMC OSCE within a few months of arrival
    offer_after_days=-60,  # NHS trusts make conditional offers in the final term,
    offer_spread_days=75,  # over two or three recruitment rounds
    refusal=0.03,
    # A nurse who left Lagos and never reported to her trust: the journey stops at departure.
    stalls=(MigrationStage.DEPARTED,),
    returns=1,
    commitment_months=36,
)


def seed():
    dhsc, fmoh = org(*MINISTRY_UK, K.GOVERNMENT, "Health"), org(*MINISTRY_NG, K.GOVERNMENT, "Health")
    northgate = org(*NHS_TRUST, K.EMPLOYER, "Health care (NHS)")
    pennine = org("Pennine Community Health NHS Trust", "GB", K.EMPLOYER, "Health care (NHS)")
    luth = org("Lagos University Teaching Hospital", "NG", K.EMPLOYER, "Health care")
    abuja = org("National Hospital Abuja", "NG", K.EMPLOYER, "Health care")
    college = org(*COLLEGE, K.TRAINING_PROVIDER, "Nursing education")
    nhs_employers = org("NHS Employers", "GB", K.AGENCY, "Health workforce (code of practice)")
    nursing = course(
        centre(college, "Lagos", 400, "Nursing and Midwifery Council of Nigeria (accredited programme)"),
        "Registered Nurse diploma with a UK pathway",
        "2221",
        weeks=156,
        currency="NGN",
        costs=COSTS,
        priced_from=PRICED_FROM,
        qualification_origin="Registered Nurse (Nursing and Midwifery Council of Nigeria)",
        qualification_destination="NMC registration (UK) after the CBT and the OSCE",
        language_taught="English",
        language_target_level=LanguageLevel.C1,
    )
    price_list(nursing, REPRICED_FROM, REPRICED, "NGN")
    p = partnership(
        CODE,
        status="active",
        signed_on=D(2022, 3, 1),
        start_date=D(2022, 6, 1),
        title="UK–Nigeria nursing skills partnership",
        description="Nurses trained in Lagos at Nigerian cost: two stay in Nigerian hospitals for each one who "
        "joins the NHS. Nigeria is on the WHO safeguards list, hence the government-to-government agreement. "
        "Modelled on CGD's Nigeria–UK case study (2021); figures are illustrative.",
        origin_country=country("NG"),
        destination_country=country("GB"),
        end_date=D(2030, 12, 31),
        reporting_currency="GBP",
        target_home=200,
        target_away=100,
        g2g_agreement=True,
        parties=[
            (fmoh, R.ORIGIN_GOVERNMENT),
            (dhsc, R.DESTINATION_GOVERNMENT),
            (northgate, R.EMPLOYER),
            (pennine, R.EMPLOYER),
            (luth, R.EMPLOYER),
            (abuja, R.EMPLOYER),
            (college, R.TRAINING_PROVIDER),
            (nhs_employers, R.AGENCY),
        ],
        occupations=["2221"],
        rules=RULES,
    )
    intakes = [_intake(nursing, year, applicants=12) for year in range(2022, 2027)]
    intakes.append(_intake(nursing, 2027, applicants=40))
    # NHS salaries are quoted per year (Agenda for Change band 5); Nigerian ones per month. The needs of the
    # 2022 intake have every position taken (filled); those of the 2023 intake keep some open.
    needs = [
        Need(
            northgate,
            "2221",
            "29970",
            "GBP",
            D(2025, 12, 31),
            language_level=LanguageLevel.C1,
            spare=0,
            wage_period=WagePeriod.YEAR,
            description="Band 5 staff nurses, adult medical and surgical wards.",
        ),
        Need(
            pennine,
            "2221",
            "29970",
            "GBP",
            D(2025, 12, 31),
            language_level=LanguageLevel.B2,
            spare=4,
            wage_period=WagePeriod.YEAR,
            description="Community nurses (district nursing teams).",
        ),
        Need(
            northgate,
            "2221",
            "31050",
            "GBP",
            D(2027, 1, 31),
            language_level=LanguageLevel.C1,
            spare=10,
            wage_period=WagePeriod.YEAR,
        ),
        Need(
            pennine,
            "2221",
            "29180",
            "GBP",
            D(2024, 6, 1),
            SkillNeedStatus.WITHDRAWN,
            spare=6,
            wage_period=WagePeriod.YEAR,
            description="Withdrawn: recruitment freeze.",
        ),
        Need(luth, "2221", "280000", "NGN", D(2025, 12, 31), spare=0),
        Need(abuja, "2221", "250000", "NGN", D(2026, 3, 31), spare=5),
        Need(luth, "2221", "300000", "NGN", D(2026, 12, 31), spare=8),
    ]
    placements = populate(p, nationality="NG", intakes=intakes, needs=needs, outcomes=OUTCOMES)
    fee(
        placements,
        track=Track.AWAY,
        nth=0,
        amount="450000",
        currency="NGN",
        payee="Unlicensed recruitment agent, Lagos",
        days=5,
    )
    for cohort in p.cohorts.filter(code__in=["ng-2022", "ng-2023"]):
        spending(
            p,
            cohort,
            [
                ("instruction", PR.DESTINATION_GOVERNMENT, dhsc, 97),
                ("stipend", PR.ORIGIN_GOVERNMENT, fmoh, 104),
                ("language", PR.DESTINATION_EMPLOYER, northgate, 100),
            ],
            paid_on=cohort.start_date + dt.timedelta(days=30),
        )
    for year, amount in ((2022, "70000"), (2024, "76000"), (2026, "80000")):
        domestic_cost("GB", "2221", year, amount, "GBP", ILLUSTRATIVE)
    management_costs(
        p,
        [
            *[(day, "75000", "GBP", "DHSC programme team (coordination, safeguards reporting)") for day in HALF_YEARS],
            (D(2022, 12, 31), "18000000", "NGN", "Federal Ministry of Health coordination desk, Abuja"),
            (D(2023, 12, 31), "24000000", "NGN", "Federal Ministry of Health coordination desk, Abuja"),
            (D(2024, 12, 31), "60000000", "NGN", "Federal Ministry of Health coordination desk, Abuja"),
            (D(2025, 12, 31), "72000000", "NGN", "Federal Ministry of Health coordination desk, Abuja"),
            (D(2025, 9, 30), "60000", "GBP", "Independent evaluation of the first intake"),
        ],
    )
    return p


def _intake(nursing, year: int, *, applicants: int) -> Intake:
    start = D(year, 9, 1) + dt.timedelta(days=(7 - D(year, 9, 1).weekday()) % 7)  # first Monday of September
    return Intake(
        f"ng-{year}",
        nursing,
        start,
        start + dt.timedelta(weeks=156, days=-3),
        home=32,
        away=16,
        women=40,
        applicants=applicants,
        drop_rate=0.07,
        cert_rate=0.92,
        levels=(LanguageLevel.B2, LanguageLevel.C1, LanguageLevel.C1),
    )
