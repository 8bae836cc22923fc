"""What placements reveal in lower apps: an employer sees the trainees (and their enrollments) whose side accepted
its offer. An offer alone reveals nobody: the employer's own actions never unmask a pseudonymised candidate.
Registered on training's querysets by `MigrationTracksConfig.ready()`; training never names placements."""

from django.db.models import Q

from gsp.lookups import Ids
from identity.access import EMPLOYER, Scope
from training.querysets import EnrollmentPartQuerySet, EnrollmentQuerySet, TraineeQuerySet

from .choices import ACCEPTED_PLACEMENT_STATUSES
from .models import Placement


def _offers(scope: Scope):
    return Placement.objects.filter(
        skill_need__employer__in=scope.org_ids(EMPLOYER), status__in=ACCEPTED_PLACEMENT_STATUSES
    )


def _offered(scope: Scope, field: str) -> Ids:
    """The ids at `field` of the scope's accepted offers, read when the rule is built (not kept on the scope: an offer
    accepted a moment ago must show) and named in the query as one array, as the cohorts of
    `training.querysets.cohort_q`: an employer's few thousand people among a million are then read by their primary
    key and sorted, never found by walking the whole list past everyone else."""
    if not scope.org_ids(EMPLOYER):
        return Ids(())
    return Ids(_offers(scope).values_list(field, flat=True))


def offered_trainees(scope: Scope) -> Ids:
    """People by id (`TraineeQuerySet.grant_ids`): the trainee list reads them as one more key of its pages."""
    return _offered(scope, "enrollment__trainee_id")


def offered_enrollments(scope: Scope) -> Ids:
    return _offered(scope, "enrollment_id")


def offered_enrollment_parts(scope: Scope) -> Q:
    return Q(enrollment__in_ids=_offered(scope, "enrollment_id"))


def register() -> None:
    TraineeQuerySet.grant_ids(offered_trainees)
    EnrollmentQuerySet.grant_ids(offered_enrollments)
    EnrollmentPartQuerySet.grant_visibility(offered_enrollment_parts)
