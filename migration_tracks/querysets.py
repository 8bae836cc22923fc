"""Who may see and edit placements, journeys, fees and follow-ups (DESIGN §4). One rule per model."""

import datetime as dt

from django.db.models import BooleanField, Case, DateField, F, Q, Value, When
from django.utils import timezone

from gsp.access import NOTHING, path
from gsp.functions import DaysBetween
from gsp.models import RestrictedQuerySet
from identity.access import AGENCY, EMPLOYER, GOVERNMENT, TRAINING_PROVIDER, Scope
from partnerships.querysets import partnership_q
from training.querysets import cohort_q

from .choices import ACTIVE_PLACEMENT_STATUSES, CLOSED_STAGES, STAGE_DATE_FIELDS


def placement_q(scope: Scope, prefix: str = "", *, write: bool = False, kinds=None, cohort: str | None = None) -> Q:
    """Governments and agencies of the partnership see placements; an employer those against its needs (and, given
    `kinds` with TRAINING_PROVIDER, the centre of the worker's cohort). Agencies and employers write them.

    Reading, the partnership is read from the placement's own copy of its cohort (`Placement.cohort`; the cohort's
    partnership is the skill need's, `Placement.clean`): `cohort_id = ANY(<the cohorts the scope reaches>)`, the key
    of the (cohort, updated, id) index the placements list pages by. `cohort`: the path of that copy when the row has
    its own (a journey: `MigrationCase.cohort`). Writing, it is read from the skill need, as an offer is made on a
    need before it has a row (`views.common.offerable_needs` reads this rule on skill needs)."""
    employer = Q(**{path(prefix, "skill_need__employer__in"): scope.org_ids(EMPLOYER, write=write)})
    if write:
        return partnership_q(scope, path(prefix, "skill_need__partnership"), kinds or {AGENCY}, write=True) | employer
    return cohort_q(scope, cohort or path(prefix, "cohort"), kinds or {GOVERNMENT, AGENCY}) | employer


def active_placement_q(prefix: str = "") -> Q:
    """A placement that holds one of its skill need's positions: any but a declined or withdrawn offer."""
    return Q(**{path(prefix, "status__in"): ACTIVE_PLACEMENT_STATUSES})


def started_placement_q(on: dt.date | None = None, prefix: str = "") -> Q:
    """A worker placed (DESIGN §3): the placement started on or before `on` (today by default) and was not
    declined or withdrawn on or before it. Read from the dates alone, so a later change never alters a past
    report. An offer alone does not count."""
    on = on or timezone.localdate()
    return (
        Q(**{path(prefix, "started_on__lte"): on})
        & (Q(**{path(prefix, "declined_on__isnull"): True}) | Q(**{path(prefix, "declined_on__gt"): on}))
        & (Q(**{path(prefix, "withdrawn_on__isnull"): True}) | Q(**{path(prefix, "withdrawn_on__gt"): on}))
    )


def answer_q(scope: Scope) -> Q:
    """The candidate's side of a placement: the training centre of their cohort, an agency of the partnership."""
    return cohort_q(scope, "cohort", kinds={TRAINING_PROVIDER, AGENCY}, write=True)  # the placement's own copy


def stalled_q() -> Q:
    """On a queryset annotated by `MigrationCaseQuerySet.with_journey`: the case is stalled. `days_in_stage` is
    NULL for a closed case, so a closed case is never stalled."""
    return Q(days_in_stage__gt=F(STALL_THRESHOLD))


class PlacementQuerySet(RestrictedQuerySet):
    """Employers make offers and record dates on their own placements; agencies propose candidates."""

    def active(self) -> "PlacementQuerySet":
        """Placements holding a position (for a skill need's capacity)."""
        return self.filter(active_placement_q())

    def started(self, on: dt.date | None = None) -> "PlacementQuerySet":
        """Placements of workers placed on or before `on` (today by default)."""
        return self.filter(started_placement_q(on))

    def answerable_by(self, user) -> "PlacementQuerySet":
        """Offers the user may accept or decline for the candidate: as the training centre of the candidate's
        cohort, or an agency of the partnership (those who hold the person's data and speak for them)."""
        return self._restrict(user, answer_q)

    def deletable_q(self, scope):
        return NOTHING  # an offer, even withdrawn, stays on record: it is withdrawn, never deleted

    def visible_q(self, scope):
        # The candidate's training centre sees the offers made to its trainees, which it answers for them.
        return placement_q(scope, kinds={GOVERNMENT, AGENCY, TRAINING_PROVIDER})

    def editable_q(self, scope):
        return placement_q(scope, write=True)


#: The partnership's threshold, read from a migration case.
STALL_THRESHOLD = "placement__skill_need__partnership__stall_threshold_days"


def stage_entered_on():
    """The date the case reached its current stage: the date field of `stage`, chosen in SQL."""
    whens = [When(stage=stage, then=F(field)) for stage, field in STAGE_DATE_FIELDS.items()]
    return Case(*whens, output_field=DateField())


def open_case_q() -> Q:
    """A journey not over yet: not at a closed stage (visa refused, qualification recognised, returned)."""
    return ~Q(stage__in=CLOSED_STAGES)


class MigrationCaseQuerySet(RestrictedQuerySet):
    """The journey is recorded by the agency; governments and the employer follow it."""

    def with_journey(self, on: dt.date | None = None) -> "MigrationCaseQuerySet":
        """Annotate `stage_entered_on` (the current stage's date), `days_in_stage` (whole days from it to `on`,
        today by default; NULL for a closed case, whose journey is over) and `stalled`: an open case whose
        current stage was entered more than its partnership's `stall_threshold_days` before `on`. With a
        threshold of 60, 60 days at a stage is not stalled, 61 is."""
        on = on or timezone.localdate()
        days = Case(
            When(open_case_q(), then=DaysBetween(Value(on, output_field=DateField()), stage_entered_on())),
            default=None,
        )
        return self.annotate(stage_entered_on=stage_entered_on(), days_in_stage=days).annotate(
            stalled=Case(When(stalled_q(), then=Value(True)), default=Value(False), output_field=BooleanField())
        )

    def stalled(self, on: dt.date | None = None) -> "MigrationCaseQuerySet":
        """Open cases stuck at their stage for more than their partnership's threshold (see `with_journey`)."""
        return self.with_journey(on).filter(stalled_q())

    def not_stalled(self, on: dt.date | None = None) -> "MigrationCaseQuerySet":
        """Closed cases and open cases within their partnership's threshold: the complement of `stalled`."""
        # On the CASE annotation (never NULL): excluding `stalled_q` would drop the closed cases, whose NULL days
        # make the comparison unknown.
        return self.with_journey(on).filter(stalled=False)

    def visible_q(self, scope):
        return placement_q(scope, "placement", cohort="cohort")  # the placement's cohort, copied onto the journey

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
        return cohort_q(scope, "cohort")  # the enrollment's, copied onto the follow-up

    def editable_q(self, scope):
        return cohort_q(scope, "cohort", kinds={AGENCY, TRAINING_PROVIDER}, write=True)
