"""Germany–Tunisia nursing, modelled on TAPIG (PILOTS.md, CGD Policy Paper 150): intakes of 25 every six
months, a six-month pre-departure stage with German to B1/B2 paid by the German side, a contract with a
Hamburg hospital group at €2,000 a month, trainees repaying living-cost loans from their earnings,
qualifications recognised after arrival; mostly away track. (Kosovo, the other German example, has no
ISO 3166 code, so the demo uses Tunisia.)"""

import datetime as dt

from identity.choices import OrganisationKind
from migration_tracks.choices import MigrationStage
from partnerships.choices import LanguageLevel, PartyRole, PayerRole, SkillNeedStatus, Track

from .base import centre, cost_table, country, course, domestic_cost, org, partnership
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
RULES = cost_table(
    GERMAN_SIDE,
    {
        # Home track: the German development ministry's 60 % (the Kosovo partnership's split).
        (Track.HOME, "instruction"): {PR.DESTINATION_GOVERNMENT: 60, PR.ORIGIN_GOVERNMENT: 40},
        (Track.HOME, "materials"): {PR.DESTINATION_GOVERNMENT: 60, PR.ORIGIN_GOVERNMENT: 40},
        (Track.HOME, "stipend"): {PR.ORIGIN_GOVERNMENT: 100},
        (Track.HOME, "placement"): {PR.ORIGIN_EMPLOYER: 100},
        # Away track: living costs on student loans, travel and placement by the employer.
        (Track.AWAY, "stipend"): {PR.TRAINEE: 100},
        (Track.AWAY, "travel_visa"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "placement"): {PR.DESTINATION_EMPLOYER: 100},
        "return_reintegration": {PR.DESTINATION_GOVERNMENT: 50, PR.ORIGIN_GOVERNMENT: 50},
    },
)
OUTCOMES = Outcomes(
    home_wage=("1400", "TND"),
    place_home=0.8,
    place_away=0.92,
    decline=0.05,
    end_rate=0.3,  # TAPIG's employer withdrew within a year
    recognition_days=270,  # Anerkennung after an adaptation period
    old_stages={MigrationStage.RECOGNISED: 6, MigrationStage.ARRIVED: 2, MigrationStage.VISA_REFUSED: 1},
    commitment_months=60,  # the five-year contract
    repayment=("10", 48),
    return_rate=0.5,
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
        qualification_origin="Diplôme national en sciences infirmières (upgrade module)",
        qualification_destination="Pflegefachfrau / Pflegefachmann, recognised after the adaptation period",
        language_taught="German",
        language_target_level=L.B2,
    )
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
    needs = [
        Need(
            alster,
            "3221",
            "2000",
            "EUR",
            D(2025, 6, 1),
            SkillNeedStatus.FILLED,
            L.B2,
            description="Nursing apprentices, then a five-year contract at €2,000 gross a month.",
        ),
        Need(alster, "3221", "2050", "EUR", D(2026, 6, 1), language_level=L.B2, spare=8),
        Need(elbe, "3221", "2150", "EUR", D(2025, 9, 1), language_level=L.B1, spare=2),
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
        Need(carthage, "3221", "1450", "TND", D(2025, 3, 1), SkillNeedStatus.FILLED),
        Need(ben_arous, "3221", "1300", "TND", D(2026, 3, 1), spare=3),
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
    return p
