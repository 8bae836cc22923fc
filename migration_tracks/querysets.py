"""Who may see and edit placements, journeys, fees and follow-ups (DESIGN §4). One rule per model."""

from django.db.models import Q

from gsp.access import AGENCY, EMPLOYER, GOVERNMENT, TRAINING_PROVIDER, Scope, path
from gsp.models import RestrictedQuerySet
from partnerships.querysets import partnership_q
from training.querysets import cohort_q


def placement_q(scope: Scope, prefix: str = "", *, write: bool = False) -> Q:
    """Governments and agencies of the partnership see placements; an employer those against its needs."""
    kinds = {AGENCY} if write else {GOVERNMENT, AGENCY}
    return partnership_q(scope, path(prefix, "skill_need__partnership"), kinds, write=write) | Q(
        **{path(prefix, "skill_need__employer__in"): scope.org_ids(EMPLOYER, write=write)}
    )


class PlacementQuerySet(RestrictedQuerySet):
    """Employers make offers and record dates on their own placements; agencies propose candidates."""

    def visible_q(self, scope):
        return placement_q(scope)

    def editable_q(self, scope):
        return placement_q(scope, write=True)


class MigrationCaseQuerySet(RestrictedQuerySet):
    """The journey is recorded by the agency; governments and the employer follow it."""

    def visible_q(self, scope):
        return placement_q(scope, "placement")

    def editable_q(self, scope):
        return partnership_q(scope, "placement__skill_need__partnership", {AGENCY}, write=True)


class RecruitmentFeeQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        return placement_q(scope, "placement")

    def editable_q(self, scope):
        return partnership_q(scope, "placement__skill_need__partnership", {GOVERNMENT, AGENCY}, write=True)


class FollowUpQuerySet(RestrictedQuerySet):
    """Tracer surveys: run by centres and agencies, read by governments."""

    def visible_q(self, scope):
        return cohort_q(scope, "enrollment__cohort")

    def editable_q(self, scope):
        return cohort_q(scope, "enrollment__cohort", kinds={AGENCY, TRAINING_PROVIDER}, write=True)
