"""The small hand-computed scenario that tests/reports/test_scenario.py checks both reports against.

One Morocco–Belgium partnership (origin currency MAD, reporting currency EUR), two courses at two centres, three
cohorts, eleven enrollments on both tracks, two destination employers and one origin employer. Every row is dated,
and `record` saves only what was known on a given day, so the same scenario can be built "as it stood" on the first
report date and completed later (the report of a past date must not change).

Reading guide (the expected figures and their arithmetic are in test_scenario.py):

- Rates: only EUR→MAD is recorded until 2025 (the reports must use the inverse pair), then MAD→EUR directly.
  1 MAD = 1 ÷ 10.00 = 0.10 EUR from 2022-01-01, 1 ÷ 12.50 = 0.08 EUR from 2024-01-01, 0.09 EUR from 2025-01-01.
- Prices: welding costs change on 2024-04-01 (instruction dearer; language for the away track only from then on),
  between cohorts C1 and C2. A cooking price valid from 2026 is in force for no cohort.
- Cost sharing: version 2023-01-01, amended from 2024-06-01 (between C2 and C3); both are whole tables.
- C1 starts under rate 0.10, old prices, version 1; C2 under rate 0.08, new prices, version 1; C3 (cooking) under
  rate 0.08, version 2.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from identity.models import Organisation
from migration_tracks.models import FollowUp, MigrationCase, Placement
from migration_tracks.models.journeys import STAGE_DATE_FIELDS
from partnerships.choices import CostCategory
from partnerships.models import CostShareRule, Partnership, PartnershipCost, PartnershipParty, SkillNeed
from reference.models import DomesticTrainingCost, ExchangeRate, Occupation
from reports.models import ReportRun
from tests.reference.factories import OccupationFactory, country
from training.models import (
    Cohort,
    Course,
    CourseCost,
    Enrollment,
    EnrollmentTrackChange,
    Expenditure,
    Trainee,
    TrainingCentre,
)

D1 = dt.date(2024, 12, 31)  # before C2's and C3's completions, E5's departure and placement, E3's placement start
D2 = dt.date(2025, 12, 31)  # after all of them


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def known(value: str | None, known_on: dt.date | None) -> dt.date | None:
    """The date `value` if it had happened by `known_on` (everything when `known_on` is None), else None."""
    date = day(value)
    return date if date and (known_on is None or date <= known_on) else None


# --- reference data ------------------------------------------------------------------------------------------------

OCCUPATIONS = [("7212", "Welders and flame cutters"), ("5120", "Cooks")]

RATES = [
    # base, quote, date, rate                    1 MAD in EUR
    ("EUR", "MAD", "2022-01-01", "10.00"),  # 1 ÷ 10.00 = 0.10 (inverse pair)
    ("EUR", "MAD", "2024-01-01", "12.50"),  # 1 ÷ 12.50 = 0.08 (inverse pair)
    ("MAD", "EUR", "2025-01-01", "0.09"),  # 0.09 (direct pair)
]

DOMESTIC_COSTS = [
    # country, occupation, year, amount, currency: training one worker in the destination
    ("BE", "7212", 2023, "18000.00", "EUR"),
    ("BE", "7212", 2025, "19500.00", "EUR"),
    ("DE", "5120", 2024, "15000.00", "EUR"),  # another country: Belgian cooks are not valued
]

# --- the partnership -----------------------------------------------------------------------------------------------

ORGANISATIONS = [
    # key, name, kind, country, party role (None: not a party)
    ("liege", "Groupe Liégeois", "employer", "BE", "employer"),  # created first: a lower id than Brabant
    ("brabant", "Brabant Metaal", "employer", "BE", "employer"),
    ("maroc", "Maroc Métal", "employer", "MA", "employer"),
    ("ma_gov", "Ministère de l'Emploi", "government", "MA", "origin_government"),
    ("be_gov", "SPF Emploi", "government", "BE", "destination_government"),
    ("casa", "Centre de Formation Casablanca", "training_provider", "MA", "training_provider"),
    ("tanger", "Institut Hôtelier Tanger", "training_provider", "MA", "training_provider"),
]

COURSES = [
    # key, centre, occupation, title
    ("welding", "casa", "7212", "Welding (MIG/MAG)"),
    ("cooking", "tanger", "5120", "Professional cooking"),
]

COURSE_COSTS = [
    # course, category, applies to, amount, currency, valid from
    ("welding", "instruction", "both", "12345.67", "MAD", "2022-01-01"),
    ("welding", "language", "home", "1500.00", "MAD", "2022-01-01"),
    ("welding", "language", "away", "4800.00", "MAD", "2022-01-01"),
    ("welding", "assessment", "both", "612.50", "MAD", "2022-01-01"),
    ("welding", "travel_visa", "away", "7500.00", "MAD", "2022-01-01"),
    ("welding", "placement", "home", "900.00", "MAD", "2022-01-01"),
    ("welding", "placement", "away", "650.00", "EUR", "2022-01-01"),
    ("welding", "return_reintegration", "away", "5000.00", "MAD", "2022-01-01"),
    # the price change: from 2024-04-01 instruction costs more and only the away track learns a language
    ("welding", "instruction", "both", "13579.13", "MAD", "2024-04-01"),
    ("welding", "language", "away", "5200.00", "MAD", "2024-04-01"),
    ("cooking", "instruction", "both", "9876.54", "MAD", "2024-01-01"),
    ("cooking", "language", "away", "4000.00", "MAD", "2024-01-01"),
    ("cooking", "assessment", "both", "700.00", "MAD", "2024-01-01"),
    ("cooking", "travel_visa", "away", "7000.00", "MAD", "2024-01-01"),
    ("cooking", "placement", "home", "800.00", "MAD", "2024-01-01"),
    ("cooking", "placement", "away", "610.00", "EUR", "2024-01-01"),
    ("cooking", "return_reintegration", "away", "5000.00", "MAD", "2024-01-01"),
    ("cooking", "instruction", "both", "11000.00", "MAD", "2026-01-01"),  # in force for no cohort here
]

TRAINING = ("instruction", "materials", "language", "stipend", "assessment")
DG, DE, OG, OE, TR, DO = (
    "destination_government",
    "destination_employer",
    "origin_government",
    "origin_employer",
    "trainee",
    "donor",
)
# Cost-sharing versions: (track, categories) → shares in %. Each version covers every category of both tracks.
RULES = {
    "2023-01-01": {
        ("home", TRAINING): {DG: 50, OG: 40, OE: 10},
        ("home", ("placement",)): {OE: 100},
        ("home", ("return_reintegration",)): {OG: 100},
        ("home", ("management",)): {DG: 50, DO: 50},
        ("away", TRAINING): {DG: 70, DE: 30},
        ("away", ("pre_departure",)): {DG: 100},
        ("away", ("travel_visa", "placement")): {DE: 100},
        ("away", ("return_reintegration",)): {DG: 50, OG: 50},
        ("away", ("management",)): {DG: 50, DO: 50},
    },
    "2024-06-01": {  # the amendment
        ("home", TRAINING): {DG: 50, OG: 30, OE: 10, TR: 10},
        ("home", ("placement",)): {OE: 100},
        ("home", ("return_reintegration",)): {OG: 100},
        ("home", ("management",)): {DG: 40, DO: 60},
        ("away", TRAINING): {DG: "62.5", DE: "37.5"},
        ("away", ("pre_departure",)): {DG: 100},
        ("away", ("travel_visa",)): {DG: 25, DE: 75},
        ("away", ("placement",)): {DE: 100},
        ("away", ("return_reintegration",)): {DG: 50, OG: 50},
        ("away", ("management",)): {DG: 40, DO: 60},
    },
}

COHORTS = [
    # key, course, code, start, end, seats home, seats away
    ("C1", "welding", "weld-2023", "2023-03-06", "2024-02-23", 2, 3),
    ("C2", "welding", "weld-2024", "2024-04-08", "2025-03-28", 2, 3),
    ("C3", "cooking", "cook-2024", "2024-09-02", "2025-06-27", 1, 1),
]

SKILL_NEEDS = [
    # key, employer, occupation, country, positions
    ("N1", "brabant", "7212", "BE", 3),
    ("N2", "liege", "7212", "BE", 4),
    ("N3", "maroc", "7212", "MA", 2),
    ("N4", "liege", "5120", "BE", 2),
]

# --- people and events ---------------------------------------------------------------------------------------------

ENROLLMENTS = [
    # key, cohort, given name, gender, track enrolled on, enrolled, completed, dropped out, certified
    ("E1", "C1", "Amina", "female", "away", "2023-03-06", "2024-02-23", None, "2024-03-15"),
    ("E2", "C1", "Bilal", "male", "away", "2023-03-06", "2024-02-23", None, None),
    ("E3", "C1", "Chakib", "male", "home", "2023-03-06", "2024-02-23", None, "2024-03-15"),
    ("E4", "C1", "Driss", "male", "home", "2023-03-06", None, "2023-06-30", None),
    ("E5", "C1", "Elias", "male", "away", "2023-03-06", "2024-02-23", None, "2024-03-20"),
    ("E6", "C2", "Fatima", "female", "away", "2024-04-08", "2025-03-28", None, "2025-04-18"),
    ("E7", "C2", "Hamza", "male", "away", "2024-04-08", "2025-03-28", None, None),
    ("E8", "C2", "Imane", "female", "away", "2024-04-08", "2025-03-28", None, "2025-04-18"),
    ("E9", "C2", "Jamal", "male", "home", "2024-04-08", "2025-03-28", None, "2025-04-18"),
    ("E10", "C3", "Karima", "female", "away", "2024-09-02", "2025-06-27", None, "2025-07-10"),
    ("E11", "C3", "Louay", "male", "home", "2024-09-02", None, "2025-02-14", None),
]

TRACK_CHANGES = [
    # enrollment, from, to, changed on (at noon UTC)
    ("E8", "away", "home", "2025-01-20"),
]

PLACEMENTS = [
    # key, enrollment, need, offered, accepted, started, ended, declined, wage, currency, period
    ("P1", "E1", "N1", "2024-03-01", "2024-03-08", "2024-07-01", "2025-06-30", None, "2600.00", "EUR", "month"),
    ("P1b", "E1", "N2", "2025-06-02", "2025-06-09", "2025-08-01", None, None, "2900.00", "EUR", "month"),
    ("P2", "E2", "N2", "2024-04-15", "2024-04-22", "2024-09-02", "2025-05-09", None, "32400.00", "EUR", "year"),
    ("P3", "E3", "N3", "2024-10-01", "2024-10-07", "2025-01-06", None, None, "8000.00", "MAD", "month"),
    ("P5a", "E5", "N1", "2024-03-05", None, None, None, "2024-03-12", None, "", "month"),
    ("P5b", "E5", "N2", "2024-04-02", "2024-04-10", "2025-01-20", None, None, "2750.00", "EUR", "month"),
    ("P6", "E6", "N1", "2025-04-01", "2025-04-03", "2025-07-01", None, None, "33000.00", "EUR", "year"),
    ("P7", "E7", "N2", "2025-11-03", None, None, None, None, None, "", "month"),
    ("P9", "E9", "N3", "2025-04-14", "2025-04-22", "2025-06-02", None, None, "108000.00", "MAD", "year"),
    ("P10", "E10", "N4", "2025-05-05", "2025-05-12", "2025-09-01", None, None, "2500.00", "EUR", "month"),
]

JOURNEYS = [
    # placement, job offer, visa applied, visa granted, pre-departure, departed, arrived, recognised, returned
    ("P1", "2024-03-01", "2024-03-20", "2024-05-02", "2024-06-03", "2024-06-24", "2024-06-25", None, None),
    ("P2", "2024-04-15", "2024-05-06", "2024-07-01", None, "2024-08-26", "2024-08-27", None, "2025-05-15"),
    ("P5b", "2024-04-02", "2024-05-06", "2024-11-04", "2024-12-02", "2025-01-13", "2025-01-14", None, None),
    ("P6", "2025-04-01", "2025-04-10", "2025-05-20", None, "2025-06-23", "2025-06-24", "2025-09-15", None),
    ("P7", "2025-11-03", "2025-11-20", None, None, None, None, None, None),
    ("P10", "2025-05-05", "2025-05-19", "2025-07-07", None, "2025-08-25", "2025-08-26", None, None),
]
JOURNEY_FIELDS = ("job_offer_on", "visa_applied_on", "visa_granted_on", "pre_departure_on", "departed_on",
                  "arrived_on", "recognised_on", "returned_on")  # fmt: skip

FOLLOW_UPS = [
    # enrollment, months since completion, surveyed on, employed, country, same employer
    ("E1", 6, "2024-08-23", True, "BE", True),  # 6 months: not a 12-month retention
    ("E1", 12, "2025-02-24", True, "BE", True),
    ("E2", 12, "2025-02-24", True, "BE", False),
    ("E3", 12, "2025-02-24", True, "MA", True),
]

PARTNERSHIP_COSTS = [
    # amount, currency, incurred on, description
    ("33000.00", "MAD", "2024-02-15", "Joint steering office, 2024"),
    ("22000.00", "MAD", "2025-02-03", "Monitoring and evaluation, 2025"),
    ("5000.00", "EUR", "2026-01-20", "Coordination, 2026"),  # after both report dates
]

EXPENDITURES = [
    # key, cohort (None: booked to no cohort), category, amount, currency, spent on, payer role
    ("X1", "C1", "instruction", "60000.00", "MAD", "2023-03-20", DG),
    ("X2", "C1", "travel_visa", "1400.00", "EUR", "2024-06-10", DE),
    ("X3", None, "management", "30000.00", "MAD", "2024-02-20", DO),
    ("X4", "C3", "instruction", "15000.00", "MAD", "2025-02-10", DG),
    ("X5", "C1", "return_reintegration", "450.00", "EUR", "2025-06-02", DG),
    ("X6", "C2", "instruction", "20000.00", "MAD", "2026-02-02", DG),  # after both report dates
    ("X7", None, "management", "11000.00", "MAD", "2025-03-03", DO),
]


# --- building ------------------------------------------------------------------------------------------------------


@dataclass
class World:
    partnership: Partnership
    organisations: dict[str, Organisation] = field(default_factory=dict)
    occupations: dict[str, Occupation] = field(default_factory=dict)
    centres: dict[str, TrainingCentre] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    needs: dict[str, SkillNeed] = field(default_factory=dict)
    enrollments: dict[str, Enrollment] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)

    def run(self, kind: str, as_of: dt.date, **filters) -> ReportRun:
        """A run as asked for (not saved: the computation reads only its question)."""
        return ReportRun(kind=kind, partnership=self.partnership, as_of=as_of, currency="EUR", filters=filters)


def save(obj):
    obj.full_clean()
    obj.save()
    return obj


def build(known_on: dt.date | None = None) -> World:
    """The scenario with the events known on `known_on` (all of them by default)."""
    for code in ("MA", "BE", "DE"):
        country(code)
    occupations = {code: OccupationFactory(code=code, title=title) for code, title in OCCUPATIONS}
    partnership = save(
        Partnership(
            code="ma-be-skills", title="Morocco–Belgium skills partnership", origin_country=country("MA"),
            destination_country=country("BE"), reporting_currency="EUR", status="active",
            signed_on=day("2022-11-15"), start_date=day("2023-01-01"), target_home=5, target_away=7,
        )
    )  # fmt: skip
    w = World(partnership=partnership, occupations=occupations)
    for key, name, kind, code, role in ORGANISATIONS:
        org = save(Organisation(name=name, kind=kind, country=country(code)))
        w.organisations[key] = org
        if role:
            save(PartnershipParty(partnership=partnership, organisation=org, role=role))
    _domestic_costs()
    _cost_sharing(partnership)
    for key, centre, occupation, title in COURSES:
        org = w.organisations[centre]
        w.centres[centre] = w.centres.get(centre) or save(
            TrainingCentre(organisation=org, campus_country=org.country, city=org.name.split()[-1], capacity=100)
        )
        w.courses[key] = save(
            Course(centre=w.centres[centre], occupation=occupations[occupation], title=title, duration_weeks=48)
        )
    for course, category, applies_to, amount, currency, valid_from in COURSE_COSTS:
        save(CourseCost(course=w.courses[course], category=category, applies_to=applies_to,
                        amount=Decimal(amount), currency=currency, valid_from=day(valid_from)))  # fmt: skip
    for key, course, code, start, end, seats_home, seats_away in COHORTS:
        w.cohorts[key] = save(
            Cohort(partnership=partnership, course=w.courses[course], code=code, start_date=day(start),
                   end_date=day(end), seats_home=seats_home, seats_away=seats_away)
        )  # fmt: skip
    for key, employer, occupation, code, positions in SKILL_NEEDS:
        w.needs[key] = save(
            SkillNeed(partnership=partnership, employer=w.organisations[employer], occupation=occupations[occupation],
                      country=country(code), positions=positions)
        )  # fmt: skip
    record(w, known_on)
    return w


def _domestic_costs():
    for code, occupation, year, amount, currency in DOMESTIC_COSTS:
        save(DomesticTrainingCost(country=country(code), occupation_id=occupation, year=year,
                                  amount=Decimal(amount), currency=currency))  # fmt: skip


def cost_sharing_rows(version: dict) -> list[dict]:
    rows = []
    for (track, categories), shares in version.items():
        for category in categories:
            if category in CostCategory.for_track(track):
                rows += [{"track": track, "category": category, "payer_role": payer, "share": Decimal(str(share))}
                         for payer, share in shares.items()]  # fmt: skip
    return rows


def _cost_sharing(partnership):
    for valid_from, version in RULES.items():
        for row in cost_sharing_rows(version):
            save(CostShareRule(partnership=partnership, valid_from=day(valid_from), **row))
    errors = partnership.cost_sharing_errors()
    assert errors == [], errors  # every version is a whole table, management included


def record(w: World, known_on: dt.date | None = None) -> None:
    """Save (or bring up to date) every dated event that had happened by `known_on` (all when None)."""
    for base, quote, date, rate in RATES:  # rates are recorded as they are published
        if known(date, known_on):
            ExchangeRate.objects.get_or_create(
                base_currency=base, quote_currency=quote, date=day(date), defaults={"rate": Decimal(rate)}
            )
    _enrollments(w, known_on)
    _placements(w, known_on)
    _journeys(w, known_on)
    for key, months, surveyed, employed, code, same in FOLLOW_UPS:
        if known(surveyed, known_on):
            FollowUp.objects.get_or_create(
                enrollment=w.enrollments[key], months_since_completion=months,
                defaults={"surveyed_on": day(surveyed), "employed": employed, "country": country(code),
                          "same_employer": same},
            )  # fmt: skip
    for amount, currency, incurred, description in PARTNERSHIP_COSTS:
        if known(incurred, known_on):
            PartnershipCost.objects.get_or_create(
                partnership=w.partnership, description=description,
                defaults={"amount": Decimal(amount), "currency": currency, "incurred_on": day(incurred)},
            )  # fmt: skip
    for key, cohort, category, amount, currency, spent, payer in EXPENDITURES:
        if known(spent, known_on):
            Expenditure.objects.get_or_create(
                partnership=w.partnership, reference=key,
                defaults={"cohort": w.cohorts.get(cohort), "category": category, "amount": Decimal(amount),
                          "currency": currency, "spent_on": day(spent), "payer_role": payer},
            )  # fmt: skip


def _enrollments(w: World, known_on):
    changes = {key: (to_track, day(on)) for key, _, to_track, on in TRACK_CHANGES if known(on, known_on)}
    for key, cohort, given, gender, track, enrolled, completed, dropped, certified in ENROLLMENTS:
        if not known(enrolled, known_on):
            continue
        enrollment = w.enrollments.get(key)
        if enrollment is None:
            trainee = save(Trainee(given_name=given, family_name="Test", date_of_birth=day("1999-05-17"),
                                   gender=gender, nationality=country("MA")))  # fmt: skip
            enrollment = Enrollment(trainee=trainee, cohort=w.cohorts[cohort], track=track, enrolled_on=day(enrolled))
        enrollment.completed_on = known(completed, known_on)
        enrollment.dropped_on = known(dropped, known_on)
        enrollment.certified_on = known(certified, known_on)
        enrollment.certified = bool(enrollment.certified_on)
        enrollment.status = (
            "completed" if enrollment.completed_on else "dropped_out" if enrollment.dropped_on else "enrolled"
        )
        if key in changes:
            enrollment.track = changes[key][0]
        w.enrollments[key] = save(enrollment)
    for key, from_track, to_track, on in TRACK_CHANGES:
        if known(on, known_on):
            EnrollmentTrackChange.objects.get_or_create(
                enrollment=w.enrollments[key], from_track=from_track, to_track=to_track,
                defaults={"reason": "Did not reach the language level the employer requires.",
                          "changed_at": dt.datetime.combine(day(on), dt.time(12), tzinfo=dt.UTC)},
            )  # fmt: skip


def _placements(w: World, known_on):
    for key, enrollment, need, offered, accepted, started, ended, declined, wage, currency, period in PLACEMENTS:
        if not known(offered, known_on):
            continue
        placement = w.placements.get(key) or Placement(
            enrollment=w.enrollments[enrollment], skill_need=w.needs[need], offered_on=day(offered),
            wage_amount=Decimal(wage) if wage else None, wage_currency=currency, wage_period=period,
        )  # fmt: skip
        placement.accepted_on = known(accepted, known_on)
        placement.started_on = known(started, known_on)
        placement.ended_on = known(ended, known_on)
        placement.declined_on = known(declined, known_on)
        placement.status = (
            "declined" if placement.declined_on else "ended" if placement.ended_on
            else "started" if placement.started_on else "accepted" if placement.accepted_on else "offered"
        )  # fmt: skip
        w.placements[key] = save(placement)


def _journeys(w: World, known_on):
    by_field = {f: stage for stage, f in STAGE_DATE_FIELDS.items()}
    for key, *dates in JOURNEYS:
        if not known(dates[0], known_on):
            continue
        case = MigrationCase.objects.filter(placement=w.placements[key]).first() or MigrationCase(
            placement=w.placements[key]
        )
        for name, value in zip(JOURNEY_FIELDS, dates, strict=True):
            setattr(case, name, known(value, known_on))
        case.stage = by_field[[name for name in JOURNEY_FIELDS if getattr(case, name)][-1]]
        save(case)
