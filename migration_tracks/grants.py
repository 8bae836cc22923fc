"""What placements reveal in lower apps: an employer sees the trainees (and their enrollments) whose side accepted
its offer. An offer alone reveals nobody: the employer's own actions never unmask a pseudonymised candidate.
Registered on training's querysets by `MigrationTracksConfig.ready()`; training never names placements."""

from django.db.models import Q

from identity.access import EMPLOYER, Scope
from training.querysets import EnrollmentPartQuerySet, EnrollmentQuerySet, TraineeQuerySet

from .choices import ACCEPTED_PLACEMENT_STATUSES
from .models import Placement


def _offers(scope: Scope):
    return Placement.objects.filter(
        skill_need__employer__in=scope.org_ids(EMPLOYER), status__in=ACCEPTED_PLACEMENT_STATUSES
    )


def offered_trainees(scope: Scope) -> Q:
    return Q(pk__in=_offers(scope).values("enrollment__trainee_id"))


def offered_enrollments(scope: Scope) -> Q:
    return Q(pk__in=_offers(scope).values("enrollment_id"))


def offered_enrollment_parts(scope: Scope) -> Q:
    return Q(enrollment__in=_offers(scope).values("enrollment_id"))


def register() -> None:
    TraineeQuerySet.grant_visibility(offered_trainees)
    EnrollmentQuerySet.grant_visibility(offered_enrollments)
    EnrollmentPartQuerySet.grant_visibility(offered_enrollment_parts)
