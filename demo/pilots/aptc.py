"""Australia–Pacific Training Coalition (PILOTS.md "APTC"): one programme funded by DFAT, bilateral
partnerships with Fiji and Kiribati, Kiribati nationals trained on the Fiji campus, trades, most graduates
staying home (the labour-mobility track is small); and Papua New Guinea health care assistants as a
draft without a government-to-government agreement, which the WHO safeguards check holds back."""

import datetime as dt

from identity.choices import OrganisationKind
from partnerships.choices import PartyRole, PayerRole, SkillNeedStatus, Track, WagePeriod
from partnerships.models import Programme

from .base import (
    centre,
    cost_table,
    country,
    course,
    domestic_cost,
    ensure,
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
CAMPUS = ("Australia Pacific Training Coalition — Fiji campus", "FJ")
DFAT = ("Department of Foreign Affairs and Trade", "AU")
ILLUSTRATIVE = "Illustrative: a Certificate III apprenticeship in Australia, off- and on-the-job training."

RULES = cost_table(
    {PR.DESTINATION_GOVERNMENT: 100},
    {
        "stipend": {PR.DESTINATION_GOVERNMENT: 70, PR.ORIGIN_GOVERNMENT: 30},
        (Track.HOME, "placement"): {PR.ORIGIN_EMPLOYER: 100},
        (Track.AWAY, "pre_departure"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "travel_visa"): {PR.DESTINATION_EMPLOYER: 100},
        (Track.AWAY, "placement"): {PR.DESTINATION_EMPLOYER: 100},
        "return_reintegration": {PR.DESTINATION_GOVERNMENT: 50, PR.ORIGIN_GOVERNMENT: 50},
    },
)
OUTCOMES = Outcomes(
    home_wage=("1300", "FJD"), place_home=0.65, place_away=0.9, recognition_days=120, stalls=("job_offer",)
)
OUTCOMES_KI = Outcomes(home_wage=("650", "AUD"), place_home=0.6, place_away=0.9, recognition_days=120)
# Fiji-dollar prices from the partnership's start; Fiji indexes them from 2025 (about 4 % a year).
PRICED_FROM = D(2023, 1, 1)
INDEXED_FROM = D(2025, 1, 1)
# DFAT's management costs are booked every half-year from the partnership's start.
HALF_YEARS = [
    D(2023, 6, 30),
    D(2023, 12, 31),
    D(2024, 6, 30),
    D(2024, 12, 31),
    D(2025, 6, 30),
    D(2025, 12, 31),
    D(2026, 6, 30),
]
# (title, ISCO-08, weeks, instruction, materials) — FJD per trainee; other lines are the same for all trades.
TRADES = {
    "auto": ("Certificate III in Light Vehicle Mechanical Technology", "7231", 44, "16500", "3800"),
    "elec": ("Certificate III in Electrotechnology Electrician", "7411", 46, "18900", "4500"),
    "carp": ("Certificate III in Carpentry", "7115", 44, "15200", "4200"),
    "cook": ("Certificate III in Commercial Cookery", "5120", 40, "13800", "2900"),
}
TRADES_ISCO = tuple(spec[1] for spec in TRADES.values())
COMMON_COSTS = {
    "language": "600",
    "stipend": "3600",
    "assessment": "900",
    "pre_departure": "1500",
    "travel_visa": "2800",
    "placement": "500",
    "return_reintegration": "1200",
}


def seed():
    dfat = org(*DFAT, K.GOVERNMENT, "Development cooperation")
    programme = ensure(
        Programme,
        code="aptc",
        defaults={
            "title": "Australia Pacific Training Coalition",
            "funder": dfat,
            "reporting_currency": "AUD",
            "description": "Funded by Australia (DFAT), delivered by TAFE Queensland; campuses in Fiji, Papua "
            "New Guinea, Samoa, Solomon Islands and Vanuatu. Stage 2 (2011–2015): A$152 million, 4,883 "
            "graduates against a target of 4,200 (APTC annual report 2016–17).",
        },
    )
    campus = org(*CAMPUS, K.TRAINING_PROVIDER, "Technical and vocational education")
    tafe = org("TAFE Queensland", "AU", K.TRAINING_PROVIDER, "Technical and vocational education")
    suva = centre(campus, "Suva", 600, "Australian Qualifications Framework (Certificate III/IV), TAFE Queensland")
    courses = {key: _course(suva, *spec) for key, spec in TRADES.items()}
    au = _australian_employers()
    fiji = _fiji(programme, dfat, campus, tafe, courses, au)
    _kiribati(programme, dfat, campus, tafe, courses, au)
    _papua_new_guinea(programme, dfat)
    for code, amount in (("7231", "52000"), ("7411", "61000"), ("7115", "48000"), ("5120", "39000")):
        domestic_cost("AU", code, 2024, amount, "AUD", ILLUSTRATIVE)
    return fiji


def _course(at, title: str, isco: str, weeks: int, instruction: str, materials: str):
    costs = {"instruction": instruction, "materials": materials, **COMMON_COSTS}
    found = course(
        at,
        title,
        isco,
        weeks=weeks,
        currency="FJD",
        costs=costs,
        priced_from=PRICED_FROM,
        qualification_origin=f"{title} (AQF, awarded in Fiji)",
        qualification_destination=f"{title} (AQF): recognised in Australia",
        language_taught="English",
    )
    price_list(found, INDEXED_FROM, indexed(costs, "1.08"), "FJD")
    return found


def _australian_employers() -> dict:
    return {
        "7231": org("Toowoomba Motor Group Pty Ltd", "AU", K.EMPLOYER, "Automotive"),
        "7411": org("Brisbane Electrical Services Pty Ltd", "AU", K.EMPLOYER, "Electrical contracting"),
        "7115": org("Darling Downs Builders Pty Ltd", "AU", K.EMPLOYER, "Construction"),
        "5120": org("Whitsunday Resorts Pty Ltd", "AU", K.EMPLOYER, "Tourism and hospitality"),
    }


def _away_needs(au: dict, isco: tuple[str, ...], needed_by: dt.date, spare: int) -> list[Need]:
    """Australian employers' needs under the labour-mobility scheme: award wages, quoted per year."""
    wages = {"7231": "67200", "7411": "74400", "7115": "69600", "5120": "62400"}
    return [
        Need(au[code], code, wages[code], "AUD", needed_by, spare=spare, wage_period=WagePeriod.YEAR) for code in isco
    ]


def _fiji(programme, dfat, campus, tafe, courses, au):
    ministry = org("Ministry of Employment, Productivity and Workplace Relations", "FJ", K.GOVERNMENT, "Labour")
    fj = {
        "7231": org("Nadi Motor Services Ltd", "FJ", K.EMPLOYER, "Automotive"),
        "7411": org("Viti Electrical Contractors Ltd", "FJ", K.EMPLOYER, "Electrical contracting"),
        "7115": org("Lautoka Builders Ltd", "FJ", K.EMPLOYER, "Construction"),
        "5120": org("Coral Coast Resorts Ltd", "FJ", K.EMPLOYER, "Tourism and hospitality"),
    }
    p = partnership(
        "aptc-fj",
        status="active",
        signed_on=D(2022, 9, 1),
        start_date=D(2023, 1, 9),
        programme=programme,
        title="APTC: Australia–Fiji",
        origin_country=country("FJ"),
        destination_country=country("AU"),
        description="Trades taught on the Fiji campus; most graduates work in Fiji, a few join the Pacific "
        "labour-mobility scheme in Australia (1.2 % of APTC graduates lived in Australia or New Zealand, "
        "CGD Working Paper 370).",
        end_date=D(2027, 12, 31),
        reporting_currency="AUD",
        target_home=130,
        target_away=16,
        recruitment_fee_cap=250,
        parties=[
            (ministry, R.ORIGIN_GOVERNMENT),
            (dfat, R.DESTINATION_GOVERNMENT),
            (campus, R.TRAINING_PROVIDER),
            (tafe, R.TRAINING_PROVIDER),
            *[(e, R.EMPLOYER) for e in (*fj.values(), *au.values())],
        ],
        occupations=list(TRADES_ISCO),
        rules=RULES,
    )
    intakes = [
        _intake("fj-auto-2023", courses["auto"], D(2023, 2, 6), women=1),
        _intake("fj-elec-2023", courses["elec"], D(2023, 2, 6), women=2),
        _intake("fj-carp-2024", courses["carp"], D(2024, 2, 5), women=1),
        _intake("fj-cook-2024", courses["cook"], D(2024, 2, 5), women=7),
        _intake("fj-auto-2025", courses["auto"], D(2025, 2, 3), women=2),
        _intake("fj-cook-2025", courses["cook"], D(2025, 2, 3), women=8),
        _intake("fj-elec-2026", courses["elec"], D(2026, 7, 13), women=2),
        _intake("fj-carp-2027", courses["carp"], D(2027, 2, 8), women=1, applicants=30),
    ]
    wages = {"7231": "1450", "7411": "1750", "7115": "1500", "5120": "1300"}
    # Each trade's employers ask for the graduates of its cohort by the April after it ends; the needs of past
    # cohorts have every position taken (filled), the latest keep a few open.
    home = (
        ("7231", D(2024, 4, 30), 0),
        ("7411", D(2024, 4, 30), 0),
        ("7115", D(2025, 4, 30), 0),
        ("5120", D(2025, 4, 30), 0),
        ("7231", D(2026, 4, 30), 0),
        ("5120", D(2026, 4, 30), 2),
        ("7411", D(2027, 9, 30), 3),
        ("7115", D(2028, 3, 31), 3),
    )
    needs = [Need(fj[code], code, wages[code], "FJD", needed_by, spare=spare) for code, needed_by, spare in home]
    needs.append(
        Need(
            fj["7411"],
            "7411",
            "1700",
            "FJD",
            D(2023, 6, 1),
            SkillNeedStatus.WITHDRAWN,
            spare=4,
            description="Withdrawn: the contract it was for was cancelled.",
        )
    )
    needs += _away_needs(au, ("7231", "7411"), D(2024, 7, 31), spare=1)
    needs += _away_needs(au, ("7115", "5120"), D(2025, 6, 30), spare=1)
    needs += _away_needs(au, ("7231", "5120"), D(2026, 6, 30), spare=1)
    needs += _away_needs(au, ("7411",), D(2027, 11, 30), spare=2)
    placements = populate(p, nationality="FJ", intakes=intakes, needs=needs, outcomes=OUTCOMES)
    fee(placements, track=Track.AWAY, nth=0, amount="180", currency="FJD", payee="Medical clinic, Suva", days=12)
    fee(placements, track=Track.AWAY, nth=0, amount="95", currency="FJD", payee="Police clearance, Suva", days=15)
    for cohort in p.cohorts.filter(end_date__lt=D(2026, 1, 1)):
        spending(
            p,
            cohort,
            [("instruction", PR.DESTINATION_GOVERNMENT, dfat, 101), ("stipend", PR.ORIGIN_GOVERNMENT, ministry, 96)],
            paid_on=cohort.start_date,
        )
    management_costs(
        p,
        [
            *[(day, "90000", "AUD", "APTC Fiji country office: coordination and staff") for day in HALF_YEARS],
            *[(D(y, 12, 31), "24000", "FJD", "Ministry liaison officer, Suva") for y in (2023, 2024, 2025)],
            (D(2025, 3, 31), "35000", "AUD", "Graduate tracer survey (monitoring and evaluation)"),
        ],
    )
    return p


def _kiribati(programme, dfat, campus, tafe, courses, au):
    ministry = org("Ministry of Employment and Human Resources", "KI", K.GOVERNMENT, "Labour")
    builders = org("Tarawa Builders Co-operative Society", "KI", K.EMPLOYER, "Construction")
    hotel = org("Betio Hotel and Catering Ltd", "KI", K.EMPLOYER, "Tourism and hospitality")
    p = partnership(
        "aptc-ki",
        status="active",
        signed_on=D(2022, 11, 15),
        start_date=D(2023, 1, 9),
        programme=programme,
        title="APTC: Australia–Kiribati",
        origin_country=country("KI"),
        destination_country=country("AU"),
        description="Kiribati nationals trained on APTC's Fiji campus (the campus country differs from the "
        "trainees' nationality); course costs are in Fijian dollars, reports in Australian dollars.",
        end_date=D(2027, 12, 31),
        reporting_currency="AUD",
        target_home=50,
        target_away=10,
        parties=[
            (ministry, R.ORIGIN_GOVERNMENT),
            (dfat, R.DESTINATION_GOVERNMENT),
            (campus, R.TRAINING_PROVIDER),
            (tafe, R.TRAINING_PROVIDER),
            (builders, R.EMPLOYER),
            (hotel, R.EMPLOYER),
            (au["7115"], R.EMPLOYER),
            (au["7411"], R.EMPLOYER),
            (au["5120"], R.EMPLOYER),
        ],
        occupations=["7115", "7411", "5120"],
        rules=RULES,
    )
    intakes = [
        _intake("ki-carp-2023", courses["carp"], D(2023, 2, 6), women=1, size=12),
        _intake("ki-cook-2024", courses["cook"], D(2024, 2, 5), women=6, size=12),
        _intake("ki-elec-2025", courses["elec"], D(2025, 2, 3), women=2, size=12),
        _intake("ki-carp-2026", courses["carp"], D(2026, 7, 13), women=1, size=12),
        _intake("ki-cook-2027", courses["cook"], D(2027, 2, 8), women=6, size=12, applicants=20),
    ]
    needs = [
        Need(builders, "7115", "720", "AUD", D(2024, 4, 30), spare=0),
        Need(builders, "7411", "780", "AUD", D(2026, 4, 30), spare=2),
        Need(builders, "7115", "760", "AUD", D(2027, 10, 31), spare=3),
        Need(hotel, "5120", "650", "AUD", D(2025, 4, 30), spare=2),
        Need(
            hotel,
            "5120",
            "650",
            "AUD",
            D(2023, 6, 1),
            SkillNeedStatus.WITHDRAWN,
            spare=3,
            description="Withdrawn: the hotel's extension was postponed.",
        ),
        *_away_needs(au, ("7115",), D(2024, 7, 31), spare=1),
        *_away_needs(au, ("5120",), D(2025, 6, 30), spare=1),
        *_away_needs(au, ("7411",), D(2026, 6, 30), spare=1),
    ]
    populate(p, nationality="KI", intakes=intakes, needs=needs, outcomes=OUTCOMES_KI)
    for cohort in p.cohorts.filter(end_date__lt=D(2026, 1, 1)):
        lines = [
            ("instruction", PR.DESTINATION_GOVERNMENT, dfat, 100),
            ("materials", PR.DESTINATION_GOVERNMENT, dfat, 94),
        ]
        spending(p, cohort, lines, paid_on=cohort.start_date)
    management_costs(
        p,
        [(D(y, 12, 31), "40000", "AUD", "Kiribati liaison office, Tarawa: coordination") for y in (2023, 2024, 2025)],
    )
    return p


def _papua_new_guinea(programme, dfat):
    """Health care assistants from a safeguards-list country, no g2g agreement yet: it stays a draft."""
    ministry = org("Department of Labour and Industrial Relations", "PG", K.GOVERNMENT, "Labour")
    campus = org(
        "Australia Pacific Training Coalition — Papua New Guinea campus",
        "PG",
        K.TRAINING_PROVIDER,
        "Technical and vocational education",
    )
    port_moresby = centre(campus, "Port Moresby", 400, "Australian Qualifications Framework (Certificate III)")
    course(
        port_moresby,
        "Certificate III in Individual Support",
        "5321",
        weeks=36,
        currency="PGK",
        costs={"instruction": "21000", "materials": "2400", "language": "900", "stipend": "5200"},
        priced_from=D(2026, 7, 1),
        language_taught="English",
    )
    partial = [row for row in RULES if row["category"] in ("instruction", "materials", "language", "stipend")]
    return partnership(
        "aptc-pg",
        status="draft",
        programme=programme,
        title="APTC: Australia–Papua New Guinea (health care assistants)",
        origin_country=country("PG"),
        destination_country=country("AU"),
        description="Draft. Papua New Guinea is on the WHO health workforce safeguards list: without a "
        "government-to-government agreement this partnership cannot be signed. Its cost-sharing table is "
        "still incomplete. APTC's highest Stage 2 cost per student was in Papua New Guinea: A$32,549.",
        reporting_currency="AUD",
        target_home=40,
        target_away=10,
        g2g_agreement=False,
        parties=[(ministry, R.ORIGIN_GOVERNMENT), (dfat, R.DESTINATION_GOVERNMENT), (campus, R.TRAINING_PROVIDER)],
        occupations=["5321"],
        rules=partial,
        rules_from=D(2026, 7, 1),
    )


def _intake(code, trade_course, start: dt.date, *, women: int, size: int = 14, applicants: int = 8) -> Intake:
    end = start + dt.timedelta(weeks=trade_course.duration_weeks, days=-3)
    return Intake(
        code,
        trade_course,
        start,
        end,
        home=size - 2,
        away=2,
        women=women,
        applicants=applicants,
        drop_rate=0.1,
        cert_rate=0.92,
    )
