"""Germany–Tunisia nursing, modelled on TAPIG (PILOTS.md, CGD Policy Paper 150): intakes of 25 every six
months, a six-month pre-departure stage with German to B1/B2 paid by the German side, a contract with a
Hamburg hospital group at €2,000 a month, trainees repaying living-cost loans from their earnings,
qualifications recognised after arrival; mostly away track. (Kosovo, the other German example, has no
ISO 3166 code, so the demo uses Tunisia.)"""

import datetime as dt

from identity.choices import OrganisationKind
from migration_tracks.choices import MigrationStage
from partnerships.choices import LanguageLevel, PartyRole, PayerRole, SkillNeedStatus, Track

from .base import (
    applied_amendment,
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
K, R, PR, L = OrganisationKind, PartyRole, PayerRole, LanguageLevel
MINISTRY_DE = ("Federal Ministry for Economic Cooperation and Development", "DE")
HOSPITAL_GROUP = ("Alster Kliniken Hamburg", "DE")

COSTS = {  # TND per trainee for the six-month stage
    "instruction": "7500",
    "materials": "1200",
    "language": "9000",
    "stipend": "3600",
    "assessment": "1500",
    "pre_departure": "2400",
    "travel_visa": "3200",
    "placement": "1000",
    "return_reintegration": "2500",
}
GERMAN_SIDE = {PR.DESTINATION_GOVERNMENT: 100}
HOME_SPLIT = {
    # Home track: the German development ministry's 60 % (the Kosovo partnership's split).
    (Track.HOME, "instruction"): {PR.DESTINATION_GOVERNMENT: 60, PR.ORIGIN_GOVERNMENT: 40},
    (Track.HOME, "materials"): {PR.DESTINATION_GOVERNMENT: 60, PR.ORIGIN_GOVERNMENT: 40},
    (Track.HOME, "stipend"): {PR.ORIGIN_GOVERNMENT: 100},
    (Track.HOME, "placement"): {PR.ORIGIN_EMPLOYER: 100},
}
RULES = cost_table(
    GERMAN_SIDE,
    {
        **HOME_SPLIT,
        # Away track: living costs on student loans, travel and placement by the employer.
        (Track.AWAY, "stipend"): {PR.TRAINEE: 100},
        (Track.AWAY, "travel_visa"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "placement"): {PR.DESTINATION_EMPLOYER: 100},
        "return_reintegration": {PR.DESTINATION_GOVERNMENT: 50, PR.ORIGIN_GOVERNMENT: 50},
        # Coordination (GIZ, the employment agency's desk): the German side.
        "management": GERMAN_SIDE,
    },
)
# Amendment 1, from 1 August 2025 (the September 2025 intake on): the hospital groups co-finance the German
# course and pay the pre-departure stage of the nurses they will employ; Tunisia takes a fifth of coordination.
RULES_2025 = cost_table(
    GERMAN_SIDE,
    {
        **HOME_SPLIT,
        (Track.AWAY, "language"): {PR.DESTINATION_GOVERNMENT: 50, PR.DESTINATION_EMPLOYER: 50},
        (Track.AWAY, "pre_departure"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "stipend"): {PR.TRAINEE: 100},
        (Track.AWAY, "travel_visa"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "placement"): {PR.DESTINATION_EMPLOYER: 100},
        "return_reintegration": {PR.DESTINATION_GOVERNMENT: 50, PR.ORIGIN_GOVERNMENT: 50},
        "management": {PR.DESTINATION_GOVERNMENT: 80, PR.ORIGIN_GOVERNMENT: 20},
    },
)
AMENDED_FROM = D(2025, 8, 1)
HALF_YEARS = (D(2024, 12, 31), D(2025, 6, 30), D(2025, 12, 31), D(2026, 6, 30))
# Tunisian prices are indexed from 2026 (about 6 % inflation).
INDEXED_FROM = D(2026, 1, 1)
OUTCOMES = Outcomes(
    home_wage=("1400", "TND"),
    place_home=0.8,
    place_away=0.92,
    decline=0.05,
    end_rate=0.3,  # TAPIG's employer withdrew within a year
    recognition_days=270,  # Anerkennung after an adaptation period
    refusal=0.04,
    offer_spread_days=60,  # the hospital groups interview in rounds
    # The German embassy in Tunis: one application has waited over a year for an appointment.
    stalls=(MigrationStage.VISA_APPLIED,),
    returns=1,  # a nurse back in Tunisia after her contract ended (TAPIG's employer withdrew within a year)
    commitment_months=60,  # the five-year contract
    # Living-cost loans during the apprenticeship, repaid from 10 % of earnings over four years.
    repayment=("10", 48, "6000", "EUR"),
)
ILLUSTRATIVE = "Illustrative: three-year nursing apprenticeship in Germany (school, practice, allowance)."


def seed():
    bmz = org(*MINISTRY_DE, K.GOVERNMENT, "Development cooperation")
    ministry = org("Ministry of Employment and Vocational Training", "TN", K.GOVERNMENT, "Labour")
    aneti = org("Agence nationale pour l'emploi et le travail indépendant (ANETI)", "TN", K.AGENCY, "Employment")
    giz = org(
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "DE", K.AGENCY, "Development cooperation"
    )
    alster = org(*HOSPITAL_GROUP, K.EMPLOYER, "Hospitals")
    elbe = org("Klinikverbund Elbe-Weser", "DE", K.EMPLOYER, "Hospitals")
    carthage = org("Polyclinique Carthage Santé", "TN", K.EMPLOYER, "Health care")
    ben_arous = org("Hôpital régional de Ben Arous", "TN", K.EMPLOYER, "Health care")
    institute = org(
        "Institut supérieur des sciences infirmières de Tunis", "TN", K.TRAINING_PROVIDER, "Nursing education"
    )
    nursing = course(
        centre(institute, "Tunis", 200, "Ministry of Higher Education (Tunisia); Goethe-Institut exam centre"),
        "Nursing with German to B2 (pre-departure stage)",
        "3221",
        weeks=26,
        currency="TND",
        costs=COSTS,
        priced_from=D(2024, 6, 1),
        qualification_origin="Diplôme national en sciences infirmières (upgrade module)",
        qualification_destination="Pflegefachfrau / Pflegefachmann, recognised after the adaptation period",
        language_taught="German",
        language_target_level=L.B2,
    )
    price_list(nursing, INDEXED_FROM, indexed(COSTS, "1.06"), "TND")
    p = partnership(
        "de-tn-nursing",
        status="active",
        signed_on=D(2024, 3, 15),
        start_date=D(2024, 6, 1),
        title="Germany–Tunisia nursing skills partnership",
        description="Modelled on TAPIG (Tunisia → Hamburg, 2012–2013: intakes of 25 every six months, "
        "150 planned, 50 realised). German language training and recognition of qualifications are central.",
        origin_country=country("TN"),
        destination_country=country("DE"),
        end_date=D(2028, 12, 31),
        reporting_currency="EUR",
        target_home=30,
        target_away=120,
        recruitment_fee_cap=200,
        parties=[
            (ministry, R.ORIGIN_GOVERNMENT),
            (bmz, R.DESTINATION_GOVERNMENT),
            (alster, R.EMPLOYER),
            (elbe, R.EMPLOYER),
            (carthage, R.EMPLOYER),
            (ben_arous, R.EMPLOYER),
            (institute, R.TRAINING_PROVIDER),
            (aneti, R.AGENCY),
            (giz, R.AGENCY),
        ],
        occupations=["3221"],
        rules=RULES,
    )
    starts = [D(2024, 9, 2), D(2025, 3, 3), D(2025, 9, 1), D(2026, 3, 2), D(2026, 9, 7), D(2027, 3, 8)]
    intakes = [
        Intake(
            f"tn-{start:%Y-%m}",
            nursing,
            start,
            start + dt.timedelta(weeks=26, days=-3),
            home=5,
            away=20,
            women=17,
            applicants=30 if start.year == 2027 else 10,
            drop_rate=0.06,
            cert_rate=0.9,
            levels=(L.B1, L.B2, L.B2, L.B2, L.C1),
        )
        for start in starts
    ]
    applied_amendment(
        p,
        summary="From the September 2025 intake, the hospital groups pay half of the German course and the whole "
        "pre-departure stage of the nurses they will employ; Tunisia takes a fifth of the coordination costs.",
        changes={"cost_sharing": [{**row, "share": str(row["share"])} for row in RULES_2025]},
        proposed_on=D(2025, 4, 1),
        approved_on=D(2025, 6, 20),
        effective_date=AMENDED_FROM,
    )
    # Employers ask for each intake's nurses by the end of the half-year after it completes; the needs of past
    # intakes have every position taken (filled), the latest keep some open.
    needs = [
        Need(
            alster,
            "3221",
            "2000",
            "EUR",
            D(2025, 9, 30),
            language_level=L.B2,
            spare=0,
            description="Nursing apprentices, then a five-year contract at €2,000 gross a month.",
        ),
        Need(elbe, "3221", "2150", "EUR", D(2026, 3, 31), language_level=L.B1, spare=0),
        Need(alster, "3221", "2050", "EUR", D(2026, 9, 30), language_level=L.B2, spare=0),
        Need(alster, "3221", "2100", "EUR", D(2027, 3, 31), language_level=L.B2, spare=8),
        Need(
            elbe,
            "3221",
            "2150",
            "EUR",
            D(2027, 3, 1),
            SkillNeedStatus.WITHDRAWN,
            L.B1,
            spare=10,
            description="Withdrawn within a year, as TAPIG's employer did.",
        ),
        Need(carthage, "3221", "1450", "TND", D(2025, 6, 30), spare=0),
        Need(ben_arous, "3221", "1300", "TND", D(2025, 12, 31), spare=0),
        Need(carthage, "3221", "1500", "TND", D(2026, 6, 30), spare=0),
        Need(ben_arous, "3221", "1350", "TND", D(2026, 12, 31), spare=3),
    ]
    placements = populate(p, nationality="TN", intakes=intakes, needs=needs, outcomes=OUTCOMES)
    fee(
        placements,
        track=Track.AWAY,
        nth=1,
        amount="400",
        currency="TND",
        payee="Sworn translator, Tunis (diplomas)",
        days=20,
    )
    for cohort in p.cohorts.filter(end_date__lt=D(2026, 9, 1)):
        spending(
            p,
            cohort,
            [("language", PR.DESTINATION_GOVERNMENT, bmz, 103), ("instruction", PR.DESTINATION_GOVERNMENT, bmz, 99)],
            paid_on=cohort.start_date,
        )
    for year, amount in ((2024, "42000"), (2026, "45000")):
        domestic_cost("DE", "3221", year, amount, "EUR", ILLUSTRATIVE)
    management_costs(
        p,
        [
            *[(day, "60000", "EUR", "GIZ coordination office, Tunis and Hamburg") for day in HALF_YEARS],
            (D(2024, 12, 31), "45000", "TND", "ANETI placement desk, Tunis"),
            (D(2025, 12, 31), "48000", "TND", "ANETI placement desk, Tunis"),
            (D(2026, 3, 31), "40000", "EUR", "Mid-term evaluation"),
        ],
    )
    return p
