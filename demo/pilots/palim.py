"""Belgium–Morocco PALIM (PILOTS.md): ICT training in Morocco, March 2019 – April 2021, €1,496,448.50 of
which 95 % from the EU's AMIF, implemented by Enabel with VDAB and ANAPEC. 9,677 applicants for 120 places
(here 400 applications, a sample of the funnel, 120 selected), 18 % women, 90 home and 30 away against a plan
of 30 each (the applied amendment), trained for five or six months. COVID-19 froze Belgian hiring in 2020: by
June 2020 only one or two trainees were arranging work in Belgium, and few had left by the end of phase one.
The two follow-on cohorts (2026–2027) are illustrative, so that the demo has a running and a future cohort.

The published budget is what the cost-sharing report gives for phase one (its four cohorts, as of 30 April
2021), DESIGN §3: each enrollment's cost lines in force at its cohort's start, as far as it had incurred them,
converted at the MAD→EUR rate on or before the cohort's start (1 January 2019: 0.0915 for the 2019 cohorts;
1 January 2020: 0.0930 for the 2020 ones), plus the management costs incurred by then.

At enrolment (instruction, materials, stipend, language; dropouts included), per trainee:
  developer: home MAD 60,000 + 9,000 + 18,000 + 6,000 = 93,000; away MAD 87,000 + €1,900 (Dutch)
  support:   home MAD 48,000 + 9,000 + 18,000 + 6,000 = 81,000; away MAD 75,000 + €1,900
  2019-dev  (22 home, 8 away): MAD (22 × 93,000 + 8 × 87,000) = 2,742,000 × 0.0915 = €250,893.00
  2019-sup  (23 home, 7 away): MAD (23 × 81,000 + 7 × 75,000) = 2,388,000 × 0.0915 = €218,502.00
  2020-dev  (22 home, 8 away): MAD 2,742,000 × 0.0930                                = €255,006.00
  2020-sup  (23 home, 7 away): MAD 2,388,000 × 0.0930                                = €222,084.00
  Dutch for the 30 away-track trainees: 30 × €1,900                                  =  €57,000.00
                                                                                     €1,003,485.00
On completion (assessment, MAD 2,500): 60 completers of 2019 × 228.75 + 58 of 2020 (two dropped out)
  × 232.50                                                                           =  €27,210.00
On placement: 38 home-track workers of 2019 × MAD 5,000 × 0.0915 (€17,385.00) + 31 of 2020 × MAD 5,000
  × 0.0930 (€14,415.00) + 8 away-track workers in Belgium × €2,500 (€20,000.00)      =  €51,800.00
On departure (away track): 8 departed × (€1,200 orientation + €1,450 travel and visa) =  €21,200.00
On return: nobody had come back                                                      =       €0.00
Per-trainee costs                                                                    €1,103,695.00
Management (`MANAGEMENT`, in euros, all incurred by 30 April 2021): 9 quarters of the Enabel team × €30,000
  (€270,000.00), employer outreach €40,000.00, mid-term evaluation €25,000.00, final evaluation and closing
  audit €57,753.50; all of it is phase one's (no other cohort had enrolled by then)  =   €392,753.50
Total                                                                                €1,496,448.50
Per enrolled trainee, management included: €1,496,448.50 ÷ 120 = €12,470.40.

The counts (dropouts, completers, placements, departures by 30 April 2021) are those the seeded plans give;
`tests/demo/test_seed_demo.py` recomputes this total from the rows, so a change to the plans that moves it fails.
"""

import datetime as dt
from decimal import Decimal

from identity.choices import OrganisationKind
from partnerships.choices import LanguageLevel, PartyRole, PayerRole, SkillNeedStatus, TrackScope
from training.models import Expenditure

from .base import (
    applied_amendment,
    centre,
    cost_table,
    country,
    course,
    domestic_cost,
    ensure,
    management_costs,
    org,
    partnership,
)
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

# Per trainee, from the contract's start: MAD for what is bought in Morocco, EUR for what Belgium provides
# (Dutch, orientation, travel, matching with Belgian employers). Whole hundreds of dirhams convert to whole cents.
PRICED_FROM = D(2019, 3, 1)
COSTS = {
    "materials": "9000",  # a laptop and licences
    "stipend": "18000",  # MAD 3,000 a month
    ("language", TrackScope.HOME): "6000",  # English, in Casablanca
    ("language", TrackScope.AWAY): ("1900", "EUR"),  # Dutch, with a Flemish adult-education centre
    "assessment": "2500",
    "pre_departure": ("1200", "EUR"),
    "travel_visa": ("1450", "EUR"),
    ("placement", TrackScope.HOME): "5000",  # ANAPEC
    ("placement", TrackScope.AWAY): ("2500", "EUR"),  # VDAB and the employers' federations
    "return_reintegration": "6000",
}
RULES = cost_table({PR.DONOR: 95, PR.DESTINATION_GOVERNMENT: 5})
# COVID-19: Belgian employers froze hiring in spring 2020 and consulates closed, so offers came from two to eight
# months after completion and most departures in 2021.
OUTCOMES = Outcomes(
    home_wage=("6500", "MAD"),
    place_home=0.8,
    place_away=0.6,
    decline=0.15,
    refusal=0.08,
    recognition_days=None,  # ICT is not a regulated profession: no recognition stage
    offer_after_days=60,
    offer_spread_days=180,
    commitment_months=24,
)
QUARTERS = [D(y, m, d) for y in (2019, 2020) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))] + [D(2021, 3, 31)]
# Phase one's management costs (the docstring's arithmetic), then phase two's, after its as-of date.
MANAGEMENT = [
    *[(day, "30000", "EUR", "Enabel project team, Rabat and Brussels") for day in QUARTERS],
    (D(2019, 12, 31), "20000", "EUR", "Employer outreach with the Belgian employers' federations"),
    (D(2020, 12, 31), "20000", "EUR", "Employer outreach with the Belgian employers' federations"),
    (D(2020, 6, 30), "25000", "EUR", "Mid-term evaluation"),
    (D(2021, 4, 30), "57753.50", "EUR", "Final evaluation and closing audit"),
    (D(2026, 6, 30), "28000", "EUR", "Enabel project team, phase two"),
    (D(2026, 9, 30), "28000", "EUR", "Enabel project team, phase two"),
]
PHASE_ONE_END = D(2021, 4, 30)
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
    dev = _course(casablanca, "Junior software developer (PALIM)", "2512", 26, "60000")
    support = _course(casablanca, "ICT user support technician (PALIM)", "3512", 22, "48000")
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
    # Home-track needs are due by the end of 2020; the Belgian ones by September 2021 (COVID-19 delayed every
    # departure). Every position of Nearshore's and Scheldt's phase-one needs was taken (filled).
    needs = [
        Need(scheldt, "2512", "3000", "EUR", D(2021, 9, 30), language_level=LanguageLevel.B1, spare=0),
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
        Need(flanders, "3512", "2600", "EUR", D(2021, 9, 30), language_level=LanguageLevel.B1, spare=5),
        Need(nearshore, "2512", "8000", "MAD", D(2020, 12, 31), spare=0),
        Need(technopolis, "3512", "6000", "MAD", D(2020, 12, 31), spare=6),
        Need(nearshore, "3512", "6200", "MAD", D(2027, 9, 30), spare=5),
    ]
    populate(p, nationality="MA", intakes=intakes, needs=needs, outcomes=OUTCOMES)
    for cohort in p.cohorts.filter(code__in=PHASE_ONE):
        spending(
            p,
            cohort,
            [
                ("instruction", PR.DONOR, amif, 98),
                ("stipend", PR.DONOR, amif, 100),
                ("materials", PR.DESTINATION_GOVERNMENT, belgium, 104),
            ],
            paid_on=cohort.start_date,
        )
    management_costs(p, MANAGEMENT)
    # AMIF's payments to Enabel for running the project: actual spending booked to no cohort, shown apart.
    for year, amount in ((2019, "95000"), (2020, "190000"), (2021, "110000")):
        ensure(
            Expenditure,
            partnership=p,
            reference=f"AMIF-PALIM-MGMT-{year}",
            defaults={
                "category": "management",
                "amount": Decimal(amount),
                "currency": "EUR",
                "spent_on": D(year, 12, 15) if year < 2021 else PHASE_ONE_END,
                "payer_role": PR.DONOR,
                "payer_organisation": amif,
            },
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
        priced_from=PRICED_FROM,
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
