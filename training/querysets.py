"""Who may see and edit the training app's rows (DESIGN §4). One rule per model.

Personal data (trainees, applications, enrollments) is reached through cohorts: governments through the
cohort's partnership, agencies through partnerships they are party to, training centres through their
own courses. Employers reach a trainee only once they have made an offer: that rule reads placements, so
`migration_tracks` owns it and grants it by id (see `RestrictedQuerySet.grant_ids`).
"""

import datetime as dt
from typing import NamedTuple

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from gsp.access import any_of, path
from gsp.lookups import Ids
from gsp.models import RestrictedQuerySet
from identity.access import AGENCY, ALL_KINDS, DONOR, GOVERNMENT, TRAINING_PROVIDER, Scope
from partnerships.choices import Track
from partnerships.querysets import partnership_q

from .choices import EnrollmentStatus

PERSONAL_DATA_KINDS = frozenset({GOVERNMENT, AGENCY, TRAINING_PROVIDER})
TRACKS = tuple(Track.values)

# --- what an enrollment has reached: one definition each, for pages, dashboards and panels ---------------------


def holds_seat_q(prefix: str = "") -> Q:
    """Enrollments that take a seat of their track: all but drop-outs (the seat rule, `Enrollment.seat_errors`)."""
    return ~Q(**{path(prefix, "status"): EnrollmentStatus.DROPPED_OUT})


def completed_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Completed (by `on`): read from the completion date, which the status agrees with (a database constraint),
    as the reports read it (DESIGN §3)."""
    if on is None:
        return Q(**{path(prefix, "completed_on__isnull"): False})
    return Q(**{path(prefix, "completed_on__lte"): on})


def certified_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Certified (by `on`), read from the certification date."""
    if on is None:
        return Q(**{path(prefix, "certified_on__isnull"): False})
    return Q(**{path(prefix, "certified_on__lte"): on})


def completion_due_q(prefix: str = "", *, by: dt.date, cohort: str | None = None) -> Q:
    """Still enrolled in a cohort that ends by `by` (overdue ones included): a completion or drop-out to record.
    `cohort` is the path of the cohort (default: the enrollment's)."""
    cohort = path(prefix, "cohort") if cohort is None else cohort
    return Q(**{path(prefix, "status"): EnrollmentStatus.ENROLLED, path(cohort, "end_date__lte"): by})


def certification_missing_q(prefix: str = "") -> Q:
    """Completed but not (yet) certified."""
    return completed_q(prefix) & Q(**{path(prefix, "certified"): False})


def cohort_q(scope: Scope, prefix: str = "", kinds=PERSONAL_DATA_KINDS, *, write: bool = False) -> Q:
    """Rows whose cohort (at `prefix`) the scope reaches: by partnership, or as the course's centre.

    Below a prefix the rule is `cohort_id = ANY(<the ids of the cohorts the scope reaches>)`, the ids read first (from
    the few thousand cohorts, once per scope: `reached_cohort_ids`) and written into the query as a list. The planner
    then knows how many rows the list selects, and an index led by the cohort (`(cohort, updated, id)`) hands the
    rows of those cohorts over in order: the first page of a centre's 70,000 enrollments among a million is an
    index range, not a walk past every other centre's rows (docs/PERFORMANCE.md, "Lists"). DESIGN §4 semantics
    unchanged: the same rows."""
    rule = _cohort_rule(scope, kinds, write)
    if not prefix:
        return rule
    return Q(**{f"{prefix}__in_ids": Ids(reached_cohort_ids(scope, kinds, write=write))})


def _cohort_rule(scope: Scope, kinds, write: bool) -> Q:
    conditions = [partnership_q(scope, "partnership", set(kinds) - {TRAINING_PROVIDER}, write=write)]
    if TRAINING_PROVIDER in kinds:
        conditions.append(Q(course__centre__organisation__in=scope.org_ids(TRAINING_PROVIDER, write=write)))
    return any_of(*conditions)


def reached_cohort_ids(scope: Scope, kinds=PERSONAL_DATA_KINDS, *, write: bool = False) -> frozenset[int]:
    """The ids of the cohorts `scope` reaches through seats of `kinds` (`cohort_q`), read once per scope."""

    def read():
        # a scope with no seat of `kinds` reaches nothing: Django answers that without a query (EmptyResultSet)
        cohort = apps.get_model("training", "Cohort")
        rule = _cohort_rule(scope, kinds, write)
        return frozenset(cohort.objects.filter(rule).order_by().values_list("pk", flat=True))

    return scope.remember(("cohorts", frozenset(kinds), write), read)


class TrainingCentreQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        party = apps.get_model("partnerships", "PartnershipParty")
        partnerships = apps.get_model("partnerships", "Partnership").objects.filter(partnership_q(scope))
        partners = party.objects.filter(partnership__in=partnerships).values("organisation_id")
        return Q(organisation__in=scope.org_ids(TRAINING_PROVIDER)) | Q(organisation__in=partners)

    def editable_q(self, scope):
        return Q(organisation__in=scope.org_ids(TRAINING_PROVIDER, write=True))


class TrainingCentreManager(models.Manager.from_queryset(TrainingCentreQuerySet)):
    """A centre is named by its organisation (`__str__`), so every list of centres (drop-downs, tables) reads it in
    the same query."""

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class CourseQuerySet(RestrictedQuerySet):
    """A centre sees its courses; anyone who sees a partnership sees the courses run in it."""

    def visible_q(self, scope):
        cohort = apps.get_model("training", "Cohort")
        taught = cohort.objects.filter(partnership_q(scope, "partnership")).values("course_id")
        return Q(centre__organisation__in=scope.org_ids(TRAINING_PROVIDER)) | Q(pk__in=taught)

    def editable_q(self, scope):
        return Q(centre__organisation__in=scope.org_ids(TRAINING_PROVIDER, write=True))


class CourseCostQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        course = apps.get_model("training", "Course")
        return Q(course__in=course.objects.filter(course.objects.visible_q(scope)))

    def editable_q(self, scope):
        return Q(course__centre__organisation__in=scope.org_ids(TRAINING_PROVIDER, write=True))


class CohortQuerySet(RestrictedQuerySet):
    def with_counts(self, due_by: dt.date | None = None) -> "CohortQuerySet":
        """Each cohort with its seats taken per track (`taken_home`, `taken_away`), its `enrolled` (every
        enrollment, drop-outs included, as the reports count them), `completed`, `certified`, and, given `due_by`,
        `completions_due` and `certifications_missing`: one grouped query with the cohorts."""
        counts = {
            **{
                f"taken_{track}": Count("enrollments", filter=holds_seat_q("enrollments") & Q(enrollments__track=track))
                for track in TRACKS
            },
            "enrolled": Count("enrollments"),
            "completed": Count("enrollments", filter=completed_q("enrollments")),
            "certified": Count("enrollments", filter=certified_q("enrollments")),
            "certifications_missing": Count("enrollments", filter=certification_missing_q("enrollments")),
        }
        if due_by is not None:
            counts["completions_due"] = Count(
                "enrollments", filter=completion_due_q("enrollments", by=due_by, cohort="")
            )
        return self.annotate(**counts)

    def visible_q(self, scope):
        return cohort_q(scope, kinds=ALL_KINDS)

    def editable_q(self, scope):
        return cohort_q(scope, kinds={TRAINING_PROVIDER}, write=True)


class CohortManager(models.Manager.from_queryset(CohortQuerySet)):
    """A cohort is named by its course (`__str__`), so every list of cohorts reads it in the same query."""

    def get_queryset(self):
        return super().get_queryset().select_related("course")


class TraineeReach(NamedTuple):
    """Why a scope sees people (DESIGN §4), as keys: one definition for the visibility rule (`TraineeQuerySet`) and for
    the trainee list's pages (`training.trainee_pages`), which read each key's people as an index range."""

    registered_by: list[int]  # organisations (centres, agencies) whose registrations the scope keeps
    cohorts: frozenset[int]  # cohorts whose applicants and enrollees the scope keeps
    countries: list[str]  # the nationals of these countries (its governments'; reading only)


def trainee_reach(scope: Scope, *, write: bool = False) -> TraineeReach:
    return TraineeReach(
        registered_by=scope.org_ids({TRAINING_PROVIDER, AGENCY}, write=write),
        cohorts=reached_cohort_ids(scope, write=write),
        countries=[] if write else scope.countries(),
    )


class TraineeQuerySet(RestrictedQuerySet):
    """Governments see their own nationals and the trainees of their partnerships; centres and agencies
    the trainees of their cohorts or partnerships and those they registered (employers: see
    `migration_tracks.grants`). Donors never see a trainee."""

    def _kept_by(self, reach: TraineeReach) -> Q:
        """Trainees the scope registered, or who applied to or enrolled in a cohort it reaches."""
        # EXISTS per trainee (the enrollment and application tables are indexed by trainee), not `pk IN (every
        # trainee of the scope's cohorts)`, which PostgreSQL must build whole before showing the first row.
        held = [
            Exists(
                apps.get_model("training", model).objects.filter(
                    cohort__in_ids=Ids(reach.cohorts), trainee=OuterRef("pk")
                )
            )
            for model in ("Enrollment", "Application")
        ]
        return any_of(Q(registered_by__in=reach.registered_by), *held)

    def visible_q(self, scope):
        reach = trainee_reach(scope)
        return self._kept_by(reach) | Q(nationality__in=reach.countries)

    def exportable_by(self, user) -> "TraineeQuerySet":
        """People whose data the user may export on their request: those an organisation the user administers
        may see (staff: everyone)."""
        return self._restrict(user, lambda scope: self.visible_rule(scope.as_admin()))

    def editable_q(self, scope):
        # Governments oversee but do not keep trainee records; employers never edit them.
        return self._kept_by(trainee_reach(scope.without(GOVERNMENT), write=True))


class ApplicationQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        return cohort_q(scope, "cohort")

    def editable_q(self, scope):
        return cohort_q(scope, "cohort", kinds={AGENCY, TRAINING_PROVIDER}, write=True)


class EnrollmentQuerySet(RestrictedQuerySet):
    def track_counts(self) -> dict[str, dict[str, int]]:
        """{track: {"enrolled", "taken", "completed", "certified"}} over these enrollments, zeros included: one
        grouped query. `enrolled` counts every enrollment (drop-outs too, as the reports do); `taken` the seats."""
        figures = {
            "enrolled": Count("pk"),
            "taken": Count("pk", filter=holds_seat_q()),
            "completed": Count("pk", filter=completed_q()),
            "certified": Count("pk", filter=certified_q()),
        }
        found = {row.pop("track"): row for row in self.order_by().values("track").annotate(**figures)}
        return {track: found.get(track, dict.fromkeys(figures, 0)) for track in TRACKS}

    def visible_q(self, scope):
        return cohort_q(scope, "cohort")

    def editable_q(self, scope):
        return cohort_q(scope, "cohort", kinds={TRAINING_PROVIDER}, write=True)


class EnrollmentPartQuerySet(RestrictedQuerySet):
    """Rows hanging off an enrollment (track changes): as visible as the enrollment."""

    def visible_q(self, scope):
        return cohort_q(scope, "enrollment__cohort")

    def editable_q(self, scope):
        return cohort_q(scope, "enrollment__cohort", kinds={TRAINING_PROVIDER}, write=True)


class ExpenditureQuerySet(RestrictedQuerySet):
    """Money actually spent: governments and donors of the partnership, and the paying organisation."""

    def visible_q(self, scope):
        return partnership_q(scope, "partnership", {GOVERNMENT, DONOR}) | Q(payer_organisation__in=scope.org_ids())

    def editable_q(self, scope):
        return partnership_q(scope, "partnership", {GOVERNMENT}, write=True)


class PersonalDataAccessQuerySet(RestrictedQuerySet):
    """What members looked at is read by the admins of their organisations (and by staff)."""

    def visible_q(self, scope):
        membership = apps.get_model("identity", "Membership")
        members = membership.objects.filter(organisation__in=scope.admin_org_ids()).values("user_id")
        return Q(user__in=members)
