"""Reads of the training app for pages, dashboards and the partnership page's panel. Each reads the rows the user
may see (`visible_to`) and counts with the definitions of `training.querysets` (one each for "completed",
"certified", a seat taken)."""

import datetime as dt

from django.utils import timezone

from gsp.models import RestrictedQuerySet
from identity.access import AGENCY, DONOR, GOVERNMENT
from partnerships.models import Partnership
from partnerships.querysets import partnership_q

from .models import Cohort, Enrollment
from .querysets import TRACKS, certification_missing_q, completion_due_q

#: Who sees a partnership's figures as a whole (targets versus actual): its governments and agencies, who see every
#: enrollment in it, and its donors, who see aggregates. Training centres see their own cohorts' figures on the
#: cohort pages; employers see their needs and placements.
AGGREGATE_KINDS = frozenset({GOVERNMENT, AGENCY, DONOR})


def running_cohorts(user, on: dt.date | None = None) -> RestrictedQuerySet:
    """Cohorts the user may see that run on `on` (default today), soonest end first, each with its seats
    (`seats_home`, `seats_away`), seats taken per track (`taken_home`, `taken_away`), `enrolled`, `completed`,
    `certified` and `certifications_missing` (see `CohortQuerySet.with_counts`)."""
    on = on or timezone.localdate()
    return (
        Cohort.objects.visible_to(user)
        .filter(start_date__lte=on, end_date__gte=on)
        .select_related("course__centre__organisation", "partnership")
        .with_counts()
        .order_by("end_date", "code", "pk")
    )


def completions_due(user, within_days: int = 30, on: dt.date | None = None) -> RestrictedQuerySet:
    """Enrollments the user may see still marked enrolled in a cohort that ends within `within_days` of `on`
    (default today), overdue ones first: each needs its completion or drop-out recorded."""
    by = (on or timezone.localdate()) + dt.timedelta(days=within_days)
    return (
        Enrollment.objects.visible_to(user)
        .filter(completion_due_q(by=by))
        .select_related("trainee", "cohort__course")
        .order_by("cohort__end_date", "cohort__code", "pk")
    )


def certifications_missing(user) -> RestrictedQuerySet:
    """Enrollments the user may see that completed without (yet) a certification, oldest completion first."""
    return (
        Enrollment.objects.visible_to(user)
        .filter(certification_missing_q())
        .select_related("trainee", "cohort__course")
        .order_by("completed_on", "pk")
    )


def aggregate_partnerships(user) -> RestrictedQuerySet:
    """Partnerships whose figures as a whole the user may see (`AGGREGATE_KINDS`; staff: all)."""
    return Partnership.objects.restricted(user, lambda scope: partnership_q(scope, kinds=AGGREGATE_KINDS))


def targets_versus_actual(partnership: Partnership) -> list[dict]:
    """Per track: the partnership's target, and its enrollments (all of them, drop-outs included, as the reports
    count), seats taken, completed and certified, in one grouped query; with the share of the target enrolled."""
    counts = Enrollment.objects.filter(cohort__partnership=partnership).track_counts()
    rows = []
    for track in TRACKS:
        target = getattr(partnership, f"target_{track}", None)
        row = {"track": track, "target": target, **counts[track]}
        row["share"] = (row["enrolled"] / target) if target else None
        rows.append(row)
    return rows
