"""Placements, journeys and follow-ups: every database constraint and clean() rule."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest

from tests.constraints import Check, Rule, Unique, constraint_names, covered, run_check, run_rule, run_unique
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.factories import (
    JOURNEY,
    OFFERED,
    FollowUpDigestFactory,
    FollowUpFactory,
    MigrationCaseFactory,
    PlacementFactory,
    RecruitmentFeeFactory,
)
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

D = dt.date
COMPLETED = D(2024, 12, 20)  # the factories' completion date
DAY = dt.timedelta(days=1)


def journey_case(later: str, earlier: str, *path: str) -> Check:
    """The chain constraint `later ≥ earlier`, on a case whose stages in `path` are dated as in JOURNEY."""
    good = {**{f: JOURNEY[f] for f in path}, later: JOURNEY[earlier]}
    name = f"migration_tracks_migrationcase_{later.removesuffix('_on')}_after_{earlier.removesuffix('_on')}"
    return Check(name, MigrationCaseFactory, good, {later: JOURNEY[earlier] - DAY})


started = partial(PlacementFactory, status="started", started_on=D(2025, 2, 1))

CHECKS = [
    Check(
        "migration_tracks_placement_status_valid",
        PlacementFactory,
        {"status": "declined", "declined_on": OFFERED},
        {"status": "hired"},
    ),
    Check(
        "migration_tracks_placement_accepted_after_offer",
        PlacementFactory,
        {"accepted_on": OFFERED},
        {"accepted_on": OFFERED - DAY},
    ),
    Check(
        "migration_tracks_placement_started_after_offer",
        PlacementFactory,
        {"started_on": OFFERED},
        {"started_on": OFFERED - DAY},
    ),
    Check(
        "migration_tracks_placement_started_after_accept",
        PlacementFactory,
        {"accepted_on": D(2025, 1, 10), "started_on": D(2025, 1, 10)},
        {"started_on": D(2025, 1, 9)},
    ),
    Check(
        "migration_tracks_placement_ended_after_start",
        started,
        {"status": "ended", "ended_on": D(2025, 2, 1)},
        {"ended_on": D(2025, 1, 31)},
    ),
    Check(
        "migration_tracks_placement_started_has_date",
        PlacementFactory,
        {"status": "started", "started_on": D(2025, 2, 1)},
        {"started_on": None},
    ),
    Check(
        "migration_tracks_placement_started_has_date",
        started,
        {"status": "ended", "ended_on": D(2026, 2, 1)},
        {"started_on": None},
        note="ended",
    ),
    Check(
        "migration_tracks_placement_ended_has_date",
        started,
        {"status": "ended", "ended_on": D(2026, 2, 1)},
        {"ended_on": None},
    ),
    Check(
        "migration_tracks_placement_wage_with_currency",
        PlacementFactory,
        {"wage_amount": Decimal("2000.00"), "wage_currency": "EUR"},
        {"wage_currency": ""},
    ),
    Check(
        "migration_tracks_placement_wage_with_currency",
        PlacementFactory,
        {"wage_amount": Decimal("0.01"), "wage_currency": "EUR"},
        {"wage_amount": 0},
        note="zero-wage",
    ),
    Check(
        "migration_tracks_placement_declined_has_date",
        PlacementFactory,
        {"status": "declined", "declined_on": OFFERED},
        {"declined_on": None},
    ),
    Check(
        "migration_tracks_placement_withdrawn_has_date",
        PlacementFactory,
        {"status": "withdrawn", "withdrawn_on": OFFERED},
        {"withdrawn_on": None},
    ),
    Check(
        "migration_tracks_placement_declined_after_offer",
        PlacementFactory,
        {"status": "declined", "declined_on": OFFERED},
        {"declined_on": OFFERED - DAY},
    ),
    Check(
        "migration_tracks_placement_withdrawn_after_offer",
        PlacementFactory,
        {"status": "withdrawn", "withdrawn_on": OFFERED},
        {"withdrawn_on": OFFERED - DAY},
    ),
    Check(
        "migration_tracks_placement_repayment_with_currency",
        PlacementFactory,
        {"repayment_amount": Decimal("15000.00"), "repayment_currency": "EUR"},
        {"repayment_currency": ""},
    ),
    Check(
        "migration_tracks_placement_repayment_with_currency",
        PlacementFactory,
        {"repayment_amount": Decimal("0.01"), "repayment_currency": "EUR"},
        {"repayment_amount": 0},
        note="zero-amount",
    ),
    Check(
        "migration_tracks_placement_repayment_percent_range",
        PlacementFactory,
        {"repayment_percent": 100, "repayment_months": 48},
        {"repayment_percent": Decimal("100.01")},
    ),
    Check(
        "migration_tracks_placement_repayment_percent_range",
        PlacementFactory,
        {"repayment_percent": Decimal("0.01"), "repayment_months": 48},
        {"repayment_percent": 0},
        note="zero",
    ),
    Check(
        "migration_tracks_placement_repayment_terms_complete",
        PlacementFactory,
        {"repayment_percent": 10, "repayment_months": 48},
        {"repayment_months": None},
    ),
    Check(
        "migration_tracks_placement_repayment_terms_complete",
        PlacementFactory,
        {"repayment_percent": 10, "repayment_months": 1},
        {"repayment_months": 0},
        note="zero-months",
    ),
    Check(
        "migration_tracks_placement_repayment_terms_complete",
        PlacementFactory,
        {},
        {"repayment_months": 48},
        note="months-without-percent",
    ),
    Check("migration_tracks_migrationcase_stage_valid", MigrationCaseFactory, {"stage": "recognised"}, {"stage": "x"}),
    Check(
        "migration_tracks_migrationcase_granted_or_refused",
        MigrationCaseFactory,
        {"visa_applied_on": D(2025, 2, 1), "visa_refused_on": D(2025, 3, 1)},
        {"visa_granted_on": D(2025, 3, 1)},
    ),
    journey_case("visa_applied_on", "job_offer_on"),
    journey_case("visa_granted_on", "visa_applied_on", "visa_applied_on"),
    Check(
        "migration_tracks_migrationcase_visa_refused_after_visa_applied",
        MigrationCaseFactory,
        {"visa_applied_on": D(2025, 2, 1), "visa_refused_on": D(2025, 2, 1)},
        {"visa_refused_on": D(2025, 1, 31)},
    ),
    journey_case("pre_departure_on", "visa_granted_on", "visa_applied_on", "visa_granted_on"),
    journey_case("departed_on", "visa_granted_on", "visa_applied_on", "visa_granted_on"),
    journey_case("departed_on", "pre_departure_on", "visa_applied_on", "visa_granted_on", "pre_departure_on"),
    journey_case("arrived_on", "departed_on", "visa_applied_on", "visa_granted_on", "departed_on"),
    journey_case("recognised_on", "arrived_on", "visa_applied_on", "visa_granted_on", "departed_on", "arrived_on"),
    journey_case("returned_on", "departed_on", "visa_applied_on", "visa_granted_on", "departed_on"),
    journey_case("returned_on", "arrived_on", "visa_applied_on", "visa_granted_on", "departed_on", "arrived_on"),
    journey_case(
        "returned_on",
        "recognised_on",
        "visa_applied_on",
        "visa_granted_on",
        "departed_on",
        "arrived_on",
        "recognised_on",
    ),
    Check(
        "migration_tracks_followup_months_valid",
        FollowUpFactory,
        {"months_since_completion": 24},
        {"months_since_completion": 18},
    ),
    Check(
        "migration_tracks_followup_unemployed_has_no_job",
        FollowUpFactory,
        {"employed": False, "same_employer": False},
        {"wage_amount": Decimal("100.00"), "wage_currency": "GBP"},
    ),
    Check(
        "migration_tracks_followup_unemployed_has_no_job",
        FollowUpFactory,
        {"employed": False, "same_employer": None},
        {"same_employer": True},
        note="same-employer",
    ),
    Check(
        "migration_tracks_followup_wage_with_currency",
        FollowUpFactory,
        {"wage_amount": Decimal("2000.00"), "wage_currency": "GBP"},
        {"wage_currency": ""},
    ),
    Check(
        "migration_tracks_recruitmentfee_amount_positive",
        RecruitmentFeeFactory,
        {"amount": Decimal("0.01")},
        {"amount": 0},
    ),
]

UNIQUES = [
    Unique(
        "migration_tracks_placement_unique_enrollment_need",
        PlacementFactory,
        ("enrollment", "skill_need"),
        {"skill_need": lambda first: SkillNeedFactory(partnership=first.skill_need.partnership)},
    ),
    Unique(
        "migration_tracks_followup_unique_enrollment_months",
        FollowUpFactory,
        ("enrollment", "months_since_completion"),
        {"months_since_completion": 24},
    ),
    Unique(
        "migration_tracks_followupdigest_unique_centre_day",
        FollowUpDigestFactory,
        ("centre", "sent_on"),
        {"sent_on": dt.date(2025, 6, 16)},
    ),
]


def test_every_constraint_has_a_case():
    assert covered(CHECKS + UNIQUES) == constraint_names("migration_tracks")


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)


def origin_need(partnership):
    """A skill need of an employer in the origin: filled by the home track."""
    return SkillNeedFactory(
        partnership=partnership, employer=OrganisationFactory(kind="employer", country=partnership.origin_country)
    )


def home_placement():
    enrollment = EnrollmentFactory(track="home", status="completed", completed_on=COMPLETED)
    return PlacementFactory(enrollment=enrollment, skill_need=origin_need(enrollment.cohort.partnership))


def constraint_message(name):
    return f"Constraint “migration_tracks_placement_{name}” is violated."


RULES = [
    Rule(
        "placement-need-of-another-partnership",
        PlacementFactory,
        {"skill_need": lambda p: SkillNeedFactory()},
        "skill_need",
        ["The skill need belongs to another partnership than the enrollment."],
    ),
    Rule(
        "away-worker-with-an-origin-employer",
        PlacementFactory,
        {"skill_need": lambda p: origin_need(p.skill_need.partnership)},
        "skill_need",
        ["An away-track worker is placed with an employer in the destination."],
    ),
    Rule(
        "home-worker-with-a-destination-employer",
        home_placement,
        {"skill_need": lambda p: SkillNeedFactory(partnership=p.skill_need.partnership)},
        "skill_need",
        ["A home-track worker is placed with an employer in the origin."],
    ),
    Rule(
        "started-without-date",
        PlacementFactory,
        {"status": "started"},
        "started_on",
        ["A started placement needs its start date."],
    ),
    Rule("ended-without-date", started, {"status": "ended"}, "ended_on", ["An ended placement needs its end date."]),
    Rule(
        "accepted-before-offer",
        PlacementFactory,
        {"accepted_on": OFFERED - DAY},
        "accepted_on",
        ["This date is before offered."],
    ),
    Rule(
        "started-before-offer",
        PlacementFactory,
        {"started_on": OFFERED - DAY},
        "started_on",
        ["This date is before offered."],
    ),
    Rule(
        "started-before-accepted",
        partial(PlacementFactory, accepted_on=D(2025, 1, 10)),
        {"started_on": D(2025, 1, 9)},
        "started_on",
        ["This date is before accepted."],
    ),
    Rule("ended-before-start", started, {"ended_on": D(2025, 1, 31)}, "ended_on", ["This date is before started."]),
    Rule(
        "declined-without-date",
        PlacementFactory,
        {"status": "declined"},
        "declined_on",
        ["A declined offer needs the date it was declined."],
    ),
    Rule(
        "withdrawn-without-date",
        PlacementFactory,
        {"status": "withdrawn"},
        "withdrawn_on",
        ["A withdrawn offer needs the date it was withdrawn."],
    ),
    Rule(
        "declined-before-offer",
        PlacementFactory,
        {"status": "declined", "declined_on": OFFERED - DAY},
        "declined_on",
        ["This date is before offered."],
    ),
    Rule(
        "withdrawn-before-offer",
        PlacementFactory,
        {"status": "withdrawn", "withdrawn_on": OFFERED - DAY},
        "withdrawn_on",
        ["This date is before offered."],
    ),
    Rule(
        "repayment-amount-without-currency",
        PlacementFactory,
        {"repayment_amount": Decimal("15000.00")},
        "repayment_currency",
        ["A repayment amount needs its currency."],
    ),
    Rule(
        "repayment-percent-without-months",
        PlacementFactory,
        {"repayment_percent": 10},
        "__all__",
        [constraint_message("repayment_terms_complete")],
    ),
    Rule(
        "repayment-over-100-percent",
        PlacementFactory,
        {"repayment_percent": Decimal("100.01"), "repayment_months": 48},
        "__all__",
        [constraint_message("repayment_percent_range")],
    ),
    Rule(
        "journey-of-a-home-placement",
        MigrationCaseFactory,
        {"placement": lambda c: home_placement()},
        "placement",
        ["Only away-track placements have a migration journey."],
    ),
    Rule(
        "stage-without-its-date",
        MigrationCaseFactory,
        {"stage": "visa_applied"},
        "visa_applied_on",
        ["The current stage needs its date."],
    ),
    Rule(
        "stage-dated-before-the-previous",
        MigrationCaseFactory,
        {"visa_applied_on": OFFERED - DAY},
        "visa_applied_on",
        ["This stage is dated before job_offer."],
    ),
    Rule(
        "arrival-before-departure",
        partial(MigrationCaseFactory, **{k: v for k, v in JOURNEY.items() if k != "job_offer_on"}),
        {"arrived_on": D(2025, 4, 30)},
        "arrived_on",
        ["This stage is dated before departed."],
    ),
    Rule(
        "return-before-departure",
        partial(MigrationCaseFactory, **{k: v for k, v in JOURNEY.items() if k != "job_offer_on"}),
        {"returned_on": D(2025, 4, 30)},
        "returned_on",
        ["This stage is dated before departed."],
    ),
    Rule(
        "returned-stage-without-its-date",
        partial(MigrationCaseFactory, **{k: v for k, v in JOURNEY.items() if k != "job_offer_on"}),
        {"stage": "returned"},
        "returned_on",
        ["The current stage needs its date."],
    ),
    Rule(
        "follow-up-of-a-non-completer",
        FollowUpFactory,
        {"enrollment": lambda f: EnrollmentFactory()},
        "enrollment",
        ["Only completers are followed up."],
    ),
    Rule(
        "follow-up-of-a-drop-out",
        FollowUpFactory,
        {"enrollment": lambda f: EnrollmentFactory(status="dropped_out", dropped_on=D(2024, 3, 1))},
        "enrollment",
        ["Only completers are followed up."],
    ),
    Rule(
        "follow-up-before-completion",
        FollowUpFactory,
        {"surveyed_on": COMPLETED - DAY},
        "surveyed_on",
        ["A follow-up comes after completion."],
    ),
    Rule(
        "unemployed-with-a-wage",
        partial(FollowUpFactory, employed=False, same_employer=None),
        {"wage_amount": Decimal("100.00"), "wage_currency": "GBP"},
        "employed",
        ["Someone not employed has no wage and no employer."],
    ),
    Rule(
        "unemployed-with-the-same-employer",
        partial(FollowUpFactory, employed=False, same_employer=False),
        {"same_employer": True},
        "employed",
        ["Someone not employed has no wage and no employer."],
    ),
]


@pytest.mark.parametrize("case", RULES, ids=lambda c: c.id)
def test_clean_rule(case):
    run_rule(case)


def test_home_placement_with_an_origin_employer_is_accepted():
    placement = home_placement()
    placement.full_clean()
    assert placement.skill_need.track == "home"


def test_follow_up_on_the_completion_day_is_accepted():
    FollowUpFactory(surveyed_on=COMPLETED, months_since_completion=6).full_clean()
