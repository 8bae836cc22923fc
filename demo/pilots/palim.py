"""Belgium–Morocco PALIM (PILOTS.md): ICT training in Morocco, March 2019 – April 2021, €1,496,448.50 of
which 95 % from the EU's AMIF, implemented by Enabel with VDAB and ANAPEC. 9,677 applicants for 120 places
(here several hundred applications, 120 selected), 18 % women, 90 home and 30 away against a plan of 30
each (the applied amendment). COVID-19 left few away-track graduates working in Belgium. The two
follow-on cohorts (2026–2027) are illustrative, so that the demo has a running and a future cohort."""

import datetime as dt

from identity.choices import OrganisationKind
from migration_tracks.choices import MigrationStage
from partnerships.choices import LanguageLevel, PartyRole, PayerRole, SkillNeedStatus

from .base import applied_amendment, centre, cost_table, country, course, domestic_cost, org, partnership
from .cohorts import Need, populate
from .finance import spending
from .plans import Intake, Outcomes

D = dt.date
K, R, PR = OrganisationKind, PartyRole, PayerRole
CODE = "be-ma-palim"
MINISTRY_MA = ("Ministry of Economic Inclusion, Small Business, Employment and Skills", "MA")
ANAPEC = ("Agence nationale de promotion de l'emploi et des compétences (ANAPEC)", "MA")
AMIF = ("European Commission — Asylum, Migration and Integration Fund (AMIF)", "BE")
PHASE_ONE = ("palim-2019-dev", "palim-2019-sup", "palim-2020-dev", "palim-2020-sup")

COSTS = {  # MAD per trainee
    "materials": "9000",
    "language": "14000",
    "stipend": "15000",
    "assessment": "2500",
    "pre_departure": "8000",
    "travel_visa": "12000",
    "placement": "5000",
    "return_reintegration": "6000",
}
RULES = cost_table({PR.DONOR: 95, PR.DESTINATION_GOVERNMENT: 5})
OUTCOMES = Outcomes(
    home_wage=("6500", "MAD"),
    place_home=0.8,
    place_away=0.45,
    decline=0.15,
    recognition_days=None,  # ICT is not a regulated profession: no recognition stage
    old_stages={MigrationStage.ARRIVED: 3, MigrationStage.VISA_REFUSED: 1},
    commitment_months=24,
    return_rate=0.3,
)
ILLUSTRATIVE = "Illustrative: a Flemish adult-education ICT programme with work-based learning."


def seed():
    ministry = org(*MINISTRY_MA, K.GOVERNMENT, "Employment and skills")
    belgium = org(
        "Federal Public Service Foreign Affairs, Foreign Trade and Development Cooperation",
        "BE",
        K.GOVERNMENT,
        "Development cooperation",
    )
    enabel = org("Enabel — Belgian development agency", "BE", K.AGENCY, "Development cooperation")
    vdab = org("VDAB — Flemish public employment service", "BE", K.AGENCY, "Employment")
    anapec = org(*ANAPEC, K.AGENCY, "Employment")
    amif = org(*AMIF, K.DONOR, "Migration")
    ofppt = org(
        "Office de la formation professionnelle et de la promotion du travail (OFPPT)",
        "MA",
        K.TRAINING_PROVIDER,
        "Vocational training",
    )
    scheldt = org("Scheldt Software NV", "BE", K.EMPLOYER, "ICT")
    flanders = org("Flanders Digital Services BV", "BE", K.EMPLOYER, "ICT")
    nearshore = org("Casablanca Nearshore Services SARL", "MA", K.EMPLOYER, "ICT")
    technopolis = org("Rabat Technopolis IT SARL", "MA", K.EMPLOYER, "ICT")
    casablanca = centre(ofppt, "Casablanca", 300, "OFPPT, digital skills programme")
    dev = _course(casablanca, "Junior software developer (PALIM)", "2512", 26, "42000")
    support = _course(casablanca, "ICT user support technician (PALIM)", "3512", 22, "34000")
    p = partnership(
        CODE,
        status="active",
        signed_on=D(2019, 2, 20),
        start_date=D(2019, 3, 1),
        title="Belgium–Morocco: PALIM (ICT)",
        description="Pilot Project Addressing Labour Migration and Migrant Integration. Budget €1,496,448.50, 95 % "
        "EU-funded (AMIF); implemented by Enabel with VDAB and ANAPEC. Phase one ran March 2019 – April 2021.",
        origin_country=country("MA"),
        destination_country=country("BE"),
        end_date=D(2027, 12, 31),
        reporting_currency="EUR",
        target_home=30,
        target_away=30,
        parties=[
            (ministry, R.ORIGIN_GOVERNMENT),
            (belgium, R.DESTINATION_GOVERNMENT),
            (enabel, R.AGENCY),
            (vdab, R.AGENCY),
            (anapec, R.AGENCY),
            (amif, R.DONOR),
            (ofppt, R.TRAINING_PROVIDER),
            (scheldt, R.EMPLOYER),
            (flanders, R.EMPLOYER),
            (nearshore, R.EMPLOYER),
            (technopolis, R.EMPLOYER),
        ],
        occupations=["2512", "3512"],
        rules=RULES,
    )
    applied_amendment(
        p,
        summary="Rebalance the tracks: 90 home, 30 away (Belgian employers offered fewer jobs than planned).",
        changes={"target_home": 90, "target_away": 30},
        proposed_on=D(2019, 10, 1),
        approved_on=D(2019, 11, 15),
    )
    intakes = [
        _intake("palim-2019-dev", dev, D(2019, 9, 16), 22, 8, women=6),
        _intake("palim-2019-sup", support, D(2019, 10, 14), 23, 7, women=5),
        _intake("palim-2020-dev", dev, D(2020, 1, 13), 22, 8, women=6),
        _intake("palim-2020-sup", support, D(2020, 2, 10), 23, 7, women=5),
        _intake("palim-2026-dev", dev, D(2026, 9, 14), 12, 4, women=3, applicants=40),
        _intake("palim-2027-sup", support, D(2027, 4, 12), 12, 4, women=3, applicants=40),
    ]
    needs = [
        Need(scheldt, "2512", "3000", "EUR", D(2020, 6, 1), SkillNeedStatus.FILLED, LanguageLevel.B1),
        Need(scheldt, "2512", "3100", "EUR", D(2027, 4, 1), language_level=LanguageLevel.B1, spare=4),
        Need(
            scheldt,
            "3512",
            "2600",
            "EUR",
            D(2020, 4, 1),
            SkillNeedStatus.WITHDRAWN,
            spare=5,
            description="Withdrawn: hiring freeze during COVID-19.",
        ),
        Need(flanders, "3512", "2600", "EUR", D(2020, 9, 1), language_level=LanguageLevel.B1, spare=5),
        Need(nearshore, "2512", "8000", "MAD", D(2020, 5, 1), SkillNeedStatus.FILLED),
        Need(technopolis, "3512", "6000", "MAD", D(2020, 6, 1), spare=6),
        Need(nearshore, "3512", "6200", "MAD", D(2026, 9, 1), spare=5),
    ]
    populate(p, nationality="MA", intakes=intakes, needs=needs, outcomes=OUTCOMES)
    for cohort in p.cohorts.filter(code__in=PHASE_ONE):
        spending(
            p,
            cohort,
            [
                ("instruction", PR.DONOR, amif, 98),
                ("stipend", PR.DONOR, amif, 100),
                ("language", PR.DESTINATION_GOVERNMENT, belgium, 104),
            ],
            paid_on=cohort.start_date,
        )
    for code, amount in (("2512", "32000"), ("3512", "24000")):
        domestic_cost("BE", code, 2019, amount, "EUR", ILLUSTRATIVE)
    return p


def _course(at, title: str, isco: str, weeks: int, instruction: str):
    return course(
        at,
        title,
        isco,
        weeks=weeks,
        currency="MAD",
        costs={"instruction": instruction, **COSTS},
        qualification_origin="OFPPT certificate",
        qualification_destination="VDAB-recognised ICT profile",
        language_taught="English and Dutch",
        language_target_level=LanguageLevel.B1,
    )


def _intake(code, on_course, start: dt.date, home: int, away: int, *, women: int, applicants: int = 70) -> Intake:
    end = start + dt.timedelta(weeks=on_course.duration_weeks, days=-3)
    return Intake(
        code,
        on_course,
        start,
        end,
        home=home,
        away=away,
        women=women,
        applicants=applicants,
        drop_rate=0.05,
        cert_rate=0.9,
        levels=(LanguageLevel.A2, LanguageLevel.B1, LanguageLevel.B1),
    )
