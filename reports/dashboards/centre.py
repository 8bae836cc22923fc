"""A training centre's panel: its running cohorts with seats taken per track, completions due, certifications
missing, and offers waiting for the candidate's answer.

The reads are `training.selectors`' (one definition each of a seat taken, a completion due, a certification
missing), narrowed to the centres the user acts for."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from identity.access import TRAINING_PROVIDER, Scope
from migration_tracks.choices import PlacementStatus
from migration_tracks.follow_ups import DUE, OVERDUE, follow_ups_due_counts, followed_enrollments, window_days
from migration_tracks.models import Placement
from partnerships.choices import Track
from training import selectors
from training.choices import EnrollmentStatus

from .base import ROWS, DashboardPanel, link

#: A cohort ending within this many days has completions due.
DUE_WITHIN_DAYS = 30


def by_cohort(enrollments):
    """Enrollments counted per cohort, soonest-ending cohort first."""
    return (
        enrollments.order_by()
        .values("cohort_id", "cohort__code", "cohort__end_date", "cohort__course__title")
        .annotate(n=Count("pk"))
        .order_by("cohort__end_date", "cohort__code", "cohort_id")
    )


def cohort_rows(enrollments, today: dt.date, **filters) -> tuple[list[dict], int]:
    """The first ROWS cohorts of `enrollments` with their counts linked to the enrollments, and the total count."""
    grouped = list(by_cohort(enrollments)[:ROWS])
    total = enrollments.count()  # always counted, so the page makes the same queries with few rows as with many
    rows = [
        {
            **row,
            "ended": row["cohort__end_date"] < today,
            "url": link("training:enrollment_list", cohort=row["cohort_id"], **filters),
            "cohort_url": link("training:cohort_detail", row["cohort_id"]),
        }
        for row in grouped
    ]
    return rows, total


def cohort_row(cohort) -> dict:
    return {
        "cohort": cohort,
        "url": link("training:cohort_detail", cohort.pk),
        "tracks": [
            {
                "track": track,
                "label": label,
                "seats": cohort.seats_for(track),
                "taken": taken,
                "free": max(cohort.seats_for(track) - taken, 0),
                "url": link("training:enrollment_list", cohort=cohort.pk, track=track),
            }
            for track, label, taken in (
                (Track.HOME, pgettext_lazy("track", "Home"), cohort.taken_home),
                (Track.AWAY, pgettext_lazy("track", "Away"), cohort.taken_away),
            )
        ],
    }


def follow_ups(user, orgs: list[int], today: dt.date) -> dict:
    """Follow-up surveys due soon and overdue at the user's centres, linked to the list of them."""
    enrollments = followed_enrollments(user).filter(cohort__course__centre__organisation__in=orgs)
    counts = follow_ups_due_counts(enrollments=enrollments, on=today, by="cohort__course__centre__organisation")
    return {
        "follow_ups_due": sum(c[DUE] for c in counts.values()),
        "follow_ups_overdue": sum(c[OVERDUE] for c in counts.values()),
        "follow_ups_days": window_days(),
        "follow_ups_due_url": link("migration_tracks:followups_due", state=DUE),
        "follow_ups_overdue_url": link("migration_tracks:followups_due", state=OVERDUE),
    }


def centre_panel(user, scope: Scope) -> DashboardPanel | None:
    orgs = scope.org_ids(TRAINING_PROVIDER)
    if not orgs:
        return None
    today = timezone.localdate()
    at_centres = {"course__centre__organisation__in": orgs}
    of_centres = {"cohort__course__centre__organisation__in": orgs}
    running = selectors.running_cohorts(user, on=today).filter(**at_centres)
    cohorts = [cohort_row(c) for c in running[:ROWS]]
    due, due_total = cohort_rows(
        selectors.completions_due(user, DUE_WITHIN_DAYS, on=today).filter(**of_centres),
        today,
        status=EnrollmentStatus.ENROLLED,
    )
    uncertified, uncertified_total = cohort_rows(
        selectors.certifications_missing(user).filter(**of_centres),
        today,
        status=EnrollmentStatus.COMPLETED,
        certified="false",
    )
    context = {
        "cohorts": cohorts,
        "cohort_total": running.count(),
        "cohorts_url": link(
            "training:cohort_list", start_date_before=today.isoformat(), end_date_after=today.isoformat()
        ),
        "due": due,
        "due_total": due_total,
        "due_until": today + dt.timedelta(days=DUE_WITHIN_DAYS),
        "due_days": DUE_WITHIN_DAYS,
        "uncertified": uncertified,
        "uncertified_total": uncertified_total,
        "offers": Placement.objects.answerable_by(user).filter(status=PlacementStatus.OFFERED).count(),
        "offers_url": link("migration_tracks:placement_list", status=PlacementStatus.OFFERED),
        **follow_ups(user, orgs, today),
    }
    return DashboardPanel("centre", _("Your training centre"), "dashboard/_centre.html", context)
