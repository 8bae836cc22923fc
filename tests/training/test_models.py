"""Training models: every database constraint and clean() rule."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from tests.constraints import Check, Rule, Unique, constraint_names, covered, run_check, run_rule, run_unique
from tests.identity.factories import OrganisationFactory
from tests.reference.factories import country
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseCostFactory,
    CourseFactory,
    EnrollmentFactory,
    EnrollmentTrackChangeFactory,
    ExpenditureFactory,
    TraineeFactory,
    TrainingCentreFactory,
)
from training.models import PersonalDataAccess
from training.models.people import hash_national_id

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2024, 1, 8)  # CohortFactory's start date, and so the factory enrollment's enrolled_on
END = D(2024, 12, 20)

completed = partial(EnrollmentFactory, status="completed", completed_on=END)
certified = partial(completed, certified=True, certified_on=END)

CHECKS = [
    Check(
        "training_personaldataaccess_surface_valid",
        lambda: PersonalDataAccess.objects.create(trainee=TraineeFactory(), surface="api_list"),
        {"surface": "export"},
        {"surface": "email"},
    ),
    Check("training_trainingcentre_capacity_positive", TrainingCentreFactory, {"capacity": 1}, {"capacity": 0}),
    Check("training_course_duration_range", CourseFactory, {"duration_weeks": 520}, {"duration_weeks": 521}),
    Check("training_course_duration_range", CourseFactory, {"duration_weeks": 1}, {"duration_weeks": 0}, note="zero"),
    Check("training_coursecost_amount_not_negative", CourseCostFactory, {"amount": 0}, {"amount": Decimal("-0.01")}),
    Check("training_coursecost_category_valid", CourseCostFactory, {"category": "stipend"}, {"category": "tuition"}),
    # Management is a partnership-level cost (PartnershipCost), never a course's price per trainee.
    Check(
        "training_coursecost_category_valid",
        CourseCostFactory,
        {"category": "return_reintegration"},
        {"category": "management"},
        note="management",
    ),
    Check("training_coursecost_scope_valid", CourseCostFactory, {"applies_to": "away"}, {"applies_to": "all"}),
    Check("training_cohort_dates_ordered", CohortFactory, {"end_date": D(2024, 1, 9)}, {"end_date": START}),
    Check("training_cohort_has_seats", CohortFactory, {"seats_home": 0, "seats_away": 1}, {"seats_away": 0}),
    Check("training_application_status_valid", ApplicationFactory, {"status": "rejected"}, {"status": "waitlisted"}),
    Check(
        "training_application_decided_after_applied",
        ApplicationFactory,
        {"decided_on": D(2023, 10, 1)},
        {"decided_on": D(2023, 9, 30)},
    ),
    Check("training_enrollment_track_valid", EnrollmentFactory, {"track": "home"}, {"track": "both"}),
    Check("training_enrollment_status_valid", EnrollmentFactory, {}, {"status": "graduated"}),
    Check(
        "training_enrollment_completed_has_date",
        EnrollmentFactory,
        {"status": "completed", "completed_on": END},
        {"completed_on": None},
    ),
    Check(
        "training_enrollment_completed_has_date",
        EnrollmentFactory,
        {},
        {"completed_on": END},
        note="date-without-completion",
    ),
    Check(
        "training_enrollment_dropped_has_date",
        EnrollmentFactory,
        {"status": "dropped_out", "dropped_on": D(2024, 3, 1)},
        {"dropped_on": None},
    ),
    Check(
        "training_enrollment_dropped_has_date",
        completed,
        {},
        {"dropped_on": D(2024, 3, 1)},
        note="date-without-drop-out",
    ),
    Check(
        "training_enrollment_certified_when_completed",
        completed,
        {"certified": True, "certified_on": END},
        {"certified_on": None},
    ),
    Check(
        "training_enrollment_certified_when_completed",
        EnrollmentFactory,
        {},
        {"certified": True, "certified_on": END},
        note="not-completed",
    ),
    Check(
        "training_enrollment_certified_when_completed",
        completed,
        {},
        {"certified_on": END},
        note="date-without-certificate",
    ),
    Check(
        "training_enrollment_completed_after_enrolled",
        completed,
        {"completed_on": START},
        {"completed_on": D(2024, 1, 7)},
    ),
    Check(
        "training_enrollment_dropped_after_enrolled",
        partial(EnrollmentFactory, status="dropped_out", dropped_on=D(2024, 3, 1)),
        {"dropped_on": START},
        {"dropped_on": D(2024, 1, 7)},
    ),
    Check(
        "training_enrollment_certified_after_completed",
        certified,
        {"certified_on": END},
        {"certified_on": D(2024, 12, 19)},
    ),
    Check(
        "training_enrollmenttrackchange_changes_track",
        EnrollmentTrackChangeFactory,
        {"from_track": "home", "to_track": "away"},
        {"to_track": "home"},
    ),
    Check("training_enrollmenttrackchange_has_reason", EnrollmentTrackChangeFactory, {"reason": "."}, {"reason": ""}),
    Check("training_expenditure_amount_positive", ExpenditureFactory, {"amount": Decimal("0.01")}, {"amount": 0}),
    Check("training_expenditure_category_valid", ExpenditureFactory, {"category": "language"}, {"category": "food"}),
    Check("training_expenditure_payer_valid", ExpenditureFactory, {"payer_role": "donor"}, {"payer_role": "ngo"}),
    Check("training_trainee_gender_valid", TraineeFactory, {"gender": "undisclosed"}, {"gender": "f"}),
    Check(
        "training_trainee_born_after_1900",
        TraineeFactory,
        {"date_of_birth": D(1900, 1, 1)},
        {"date_of_birth": D(1899, 12, 31)},
    ),
]

UNIQUES = [
    Unique("training_course_unique_title", CourseFactory, ("centre", "title"), {"title": "Another title"}),
    Unique(
        "training_coursecost_unique_line",
        CourseCostFactory,
        ("course", "category", "valid_from", "applies_to"),
        {"category": "materials"},
    ),
    Unique(
        "training_coursecost_unique_line",
        CourseCostFactory,
        ("course", "category", "valid_from", "applies_to"),
        {"valid_from": D(2025, 1, 1)},
        note="a-new-price-from-a-later-date",
    ),
    Unique("training_cohort_unique_code", CohortFactory, ("partnership", "code"), {"code": "another-code"}),
    Unique(
        "training_application_unique_trainee_cohort",
        ApplicationFactory,
        ("trainee", "cohort"),
        {"trainee": lambda first: TraineeFactory()},
    ),
    Unique(
        "training_enrollment_unique_trainee_cohort",
        EnrollmentFactory,
        ("trainee", "cohort"),
        {"cohort": lambda first: CohortFactory(partnership=first.cohort.partnership)},
    ),
    Unique(
        "training_trainee_unique_national_id",
        partial(TraineeFactory, national_id_hash=hash_national_id("NG", "A1234567")),
        ("nationality", "national_id_hash"),
        {"nationality": lambda first: country("GH")},
    ),
]


def _import():
    from django.core.files.base import ContentFile

    from training.models import EnrollmentImport

    return EnrollmentImport.objects.create(
        centre=TrainingCentreFactory(),
        file=ContentFile(b"given_name\n", name="import.csv"),
        file_name="import.csv",
        file_sha256="0" * 64,
        file_format="csv",
        status="checked",
    )


IMPORTED_AT = dt.datetime(2025, 1, 6, 12, tzinfo=dt.UTC)
CHECKS += [
    Check("training_enrollmentimport_status_valid", _import, {"status": "failed"}, {"status": "pending"}),
    Check("training_enrollmentimport_format_valid", _import, {"file_format": "xlsx"}, {"file_format": "ods"}),
    Check(
        "training_enrollmentimport_imported_has_date",
        _import,
        {"status": "imported", "imported_at": IMPORTED_AT},
        {"imported_at": None},
    ),
]


def test_every_constraint_has_a_case():
    assert covered(CHECKS + UNIQUES) == constraint_names("training")


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)


def _departure_cost(category):
    return lambda: CourseCostFactory(category=category, applies_to="away")


def _cost_beside(sibling_scope, **kwargs):
    """A cost line (`kwargs`) of a course that already has a materials line for `sibling_scope`."""

    def make():
        sibling = CourseCostFactory(category="materials", applies_to=sibling_scope)
        return CourseCostFactory(course=sibling.course, **kwargs)

    return make


def _other_partnership_cohort(expenditure):
    return CohortFactory()


ENROLLMENT = EnrollmentFactory
BOTH_TRACKS = "A category costs either both tracks once or each track separately."

RULES = [
    Rule(
        "centre-of-a-non-provider",
        TrainingCentreFactory,
        {"organisation": lambda c: OrganisationFactory(kind="employer", country=country("NG"))},
        "organisation",
        ["A training centre belongs to a training provider."],
    ),
    Rule(
        "travel-visa-cost-on-both-tracks",
        _departure_cost("travel_visa"),
        {"applies_to": "both"},
        "applies_to",
        ["Departure costs apply to the away track only."],
    ),
    Rule(
        "pre-departure-cost-on-home-track",
        _departure_cost("pre_departure"),
        {"applies_to": "home"},
        "applies_to",
        ["Departure costs apply to the away track only."],
    ),
    Rule(
        "both-tracks-beside-a-track-line",
        _cost_beside("away", category="materials", applies_to="home"),
        {"applies_to": "both"},
        "applies_to",
        [BOTH_TRACKS],
    ),
    Rule(
        "track-line-beside-a-both-line",
        _cost_beside("both", category="language", applies_to="home"),
        {"category": "materials"},
        "applies_to",
        [BOTH_TRACKS],
    ),
    Rule("cohort-ends-on-start", CohortFactory, {"end_date": START}, "end_date", ["A cohort ends after it starts."]),
    Rule(
        "cohort-course-of-a-non-party",
        CohortFactory,
        {"course": lambda c: CourseFactory()},
        "course",
        ["The course's training centre is not a party to this partnership."],
    ),
    Rule(
        "completed-without-date",
        ENROLLMENT,
        {"status": "completed"},
        "completed_on",
        ["A completed enrollment needs its completion date."],
    ),
    Rule(
        "completion-date-while-enrolled",
        ENROLLMENT,
        {"completed_on": END},
        "completed_on",
        ["Only a completed enrollment has a completion date."],
    ),
    Rule("dropped-without-date", ENROLLMENT, {"status": "dropped_out"}, "dropped_on", ["A drop-out needs its date."]),
    Rule(
        "drop-date-while-enrolled",
        ENROLLMENT,
        {"dropped_on": END},
        "dropped_on",
        ["Only a drop-out has a drop-out date."],
    ),
    Rule(
        "certified-while-enrolled",
        ENROLLMENT,
        {"certified": True, "certified_on": END},
        "certified",
        ["Certification needs a completed enrollment and a certification date."],
    ),
    Rule(
        "certified-without-date",
        completed,
        {"certified": True},
        "certified",
        ["Certification needs a completed enrollment and a certification date."],
    ),
    Rule(
        "certification-date-without-certificate",
        completed,
        {"certified_on": END},
        "certified_on",
        ["A certification date needs certification."],
    ),
    Rule(
        "completed-before-enrolled",
        completed,
        {"completed_on": D(2024, 1, 7)},
        "completed_on",
        ["This date is before the enrollment date."],
    ),
    Rule(
        "dropped-before-enrolled",
        partial(EnrollmentFactory, status="dropped_out", dropped_on=START),
        {"dropped_on": D(2024, 1, 7)},
        "dropped_on",
        ["This date is before the enrollment date."],
    ),
    Rule(
        "certified-before-completed",
        certified,
        {"certified_on": D(2024, 12, 19)},
        "certified_on",
        ["Certification comes on or after completion."],
    ),
    Rule(
        "expenditure-for-another-partnership-cohort",
        ExpenditureFactory,
        {"cohort": _other_partnership_cohort},
        "cohort",
        ["The cohort belongs to another partnership."],
    ),
]


@pytest.mark.parametrize("case", RULES, ids=lambda c: c.id)
def test_clean_rule(case):
    run_rule(case)


def test_expenditure_for_its_own_cohort_is_accepted():
    cohort = CohortFactory()
    ExpenditureFactory(partnership=cohort.partnership, cohort=cohort).full_clean()


def test_a_new_price_of_a_category_is_a_line_from_a_later_date():
    first = CourseCostFactory(category="materials", applies_to="both")
    # From 2025 the category is priced per track: the lines of one date never mix `both` with a track.
    for scope in ("home", "away"):
        line = CourseCostFactory.build(
            course=first.course, category="materials", applies_to=scope, valid_from=D(2025, 1, 1)
        )
        line.full_clean()
        line.save()
    assert first.course.costs.count() == 3


def test_a_management_line_is_refused_by_full_clean():
    line = CourseCostFactory.build(course=CourseFactory(), category="management")
    with pytest.raises(ValidationError) as excinfo:
        line.full_clean()
    assert excinfo.value.message_dict == {"category": ["Value 'management' is not a valid choice."]}
