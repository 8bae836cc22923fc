"""Who may see and edit the training app's rows (DESIGN §4). One rule per model.

Personal data (trainees, applications, enrollments) is reached through cohorts: governments through the
cohort's partnership, agencies through partnerships they are party to, training centres through their
own courses. Employers reach a trainee only once they have made an offer: that rule reads placements, so
`migration_tracks` owns it and grants it (see `RestrictedQuerySet.grant_visibility`).
"""

from django.apps import apps
from django.db.models import Q

from gsp.access import any_of, path
from gsp.models import RestrictedQuerySet
from identity.access import AGENCY, ALL_KINDS, DONOR, GOVERNMENT, TRAINING_PROVIDER, Scope
from partnerships.querysets import partnership_q

PERSONAL_DATA_KINDS = frozenset({GOVERNMENT, AGENCY, TRAINING_PROVIDER})


def cohort_q(scope: Scope, prefix: str = "", kinds=PERSONAL_DATA_KINDS, *, write: bool = False) -> Q:
    """Rows whose cohort (at `prefix`) the scope reaches: by partnership, or as the course's centre."""
    conditions = [partnership_q(scope, path(prefix, "partnership"), set(kinds) - {TRAINING_PROVIDER}, write=write)]
    if TRAINING_PROVIDER in kinds:
        conditions.append(
            Q(**{path(prefix, "course__centre__organisation__in"): scope.org_ids(TRAINING_PROVIDER, write=write)})
        )
    return any_of(*conditions)


class TrainingCentreQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        party = apps.get_model("partnerships", "PartnershipParty")
        partnerships = apps.get_model("partnerships", "Partnership").objects.filter(partnership_q(scope))
        partners = party.objects.filter(partnership__in=partnerships).values("organisation_id")
        return Q(organisation__in=scope.org_ids(TRAINING_PROVIDER)) | Q(organisation__in=partners)

    def editable_q(self, scope):
        return Q(organisation__in=scope.org_ids(TRAINING_PROVIDER, write=True))


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
    def visible_q(self, scope):
        return cohort_q(scope, kinds=ALL_KINDS)

    def editable_q(self, scope):
        return cohort_q(scope, kinds={TRAINING_PROVIDER}, write=True)


class TraineeQuerySet(RestrictedQuerySet):
    """Governments see their own nationals and the trainees of their partnerships; centres and agencies
    the trainees of their cohorts or partnerships and those they registered (employers: see
    `migration_tracks.grants`). Donors never see a trainee."""

    def _kept_by(self, scope, write: bool) -> Q:
        """Trainees the scope registered, or who applied to or enrolled in a cohort it reaches."""
        enrollment = apps.get_model("training", "Enrollment")
        application = apps.get_model("training", "Application")
        reach = cohort_q(scope, "cohort", write=write)
        return any_of(
            Q(registered_by__in=scope.org_ids({TRAINING_PROVIDER, AGENCY}, write=write)),
            Q(pk__in=enrollment.objects.filter(reach).values("trainee_id")),
            Q(pk__in=application.objects.filter(reach).values("trainee_id")),
        )

    def visible_q(self, scope):
        return self._kept_by(scope, write=False) | Q(nationality__in=scope.countries())

    def exportable_by(self, user) -> "TraineeQuerySet":
        """People whose data the user may export on their request: those an organisation the user administers
        may see (staff: everyone)."""
        return self._restrict(user, lambda scope: self.visible_rule(scope.as_admin()))

    def editable_q(self, scope):
        # Governments oversee but do not keep trainee records; employers never edit them.
        return self._kept_by(scope.without(GOVERNMENT), write=True)


class ApplicationQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        return cohort_q(scope, "cohort")

    def editable_q(self, scope):
        return cohort_q(scope, "cohort", kinds={AGENCY, TRAINING_PROVIDER}, write=True)


class EnrollmentQuerySet(RestrictedQuerySet):
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
