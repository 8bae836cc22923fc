"""A training centre's panel: its running cohorts with seats taken per track, completions due, certifications
missing, and offers waiting for the candidate's answer.

These are the centre's own reads; if `training.selectors` gains `running_cohorts`, `completions_due` and
`certifications_missing`, the three functions below give way to them."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from identity.access import TRAINING_PROVIDER, Scope
from migration_tracks.choices import PlacementStatus
from migration_tracks.models import Placement
from partnerships.choices import Track
from training.choices import EnrollmentStatus
from training.models import Cohort, Enrollment

from .base import ROWS, DashboardPanel, link

#: A cohort ending within this many days has completions due.
DUE_WITHIN_DAYS = 30


def taking_seat(track: str) -> Q:
    """Enrollments holding one of a cohort's seats on `track`: all but drop-outs (`Enrollment.seat_errors`)."""
    return Q(enrollments__track=track) & ~Q(enrollments__status=EnrollmentStatus.DROPPED_OUT)


def running_cohorts(user, orgs: list[int], today: dt.date):
    """The centres' cohorts under way today, with seats taken per track."""
    return (
        Cohort.objects.visible_to(user)
        .filter(course__centre__organisation__in=orgs, start_date__lte=today, end_date__gte=today)
        .annotate(
            taken_home=Count("enrollments", filter=taking_seat(Track.HOME)),
            taken_away=Count("enrollments", filter=taking_seat(Track.AWAY)),
        )
        .select_related("course", "partnership")
        .order_by("end_date", "code", "pk")
    )


def by_cohort(enrollments):
    """Enrollments counted per cohort, soonest-ending cohort first."""
    return (
        enrollments.order_by()
        .values("cohort_id", "cohort__code", "cohort__end_date", "cohort__course__title")
        .annotate(n=Count("pk"))
        .order_by("cohort__end_date", "cohort__code", "cohort_id")
    )


def completions_due(user, orgs: list[int], until: dt.date):
    """Enrollments still in training in the centres' cohorts that end by `until` (or have ended)."""
    return Enrollment.objects.visible_to(user).filter(
        cohort__course__centre__organisation__in=orgs, status=EnrollmentStatus.ENROLLED, cohort__end_date__lte=until
    )


def certifications_missing(user, orgs: list[int]):
    """Completed enrollments of the centres' cohorts not certified yet."""
    return Enrollment.objects.visible_to(user).filter(
        cohort__course__centre__organisation__in=orgs, status=EnrollmentStatus.COMPLETED, certified=False
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


def cohort_row(cohort: Cohort) -> dict:
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


def centre_panel(user, scope: Scope) -> DashboardPanel | None:
    orgs = scope.org_ids(TRAINING_PROVIDER)
    if not orgs:
        return None
    today = timezone.localdate()
    until = today + dt.timedelta(days=DUE_WITHIN_DAYS)
    running = running_cohorts(user, orgs, today)
    cohorts = [cohort_row(c) for c in running[:ROWS]]
    due, due_total = cohort_rows(completions_due(user, orgs, until), today, status=EnrollmentStatus.ENROLLED)
    uncertified, uncertified_total = cohort_rows(
        certifications_missing(user, orgs), today, status=EnrollmentStatus.COMPLETED, certified="false"
    )
    context = {
        "cohorts": cohorts,
        "cohort_total": running.count(),
        "cohorts_url": link(
            "training:cohort_list", start_date_before=today.isoformat(), end_date_after=today.isoformat()
        ),
        "due": due,
        "due_total": due_total,
        "due_until": until,
        "due_days": DUE_WITHIN_DAYS,
        "uncertified": uncertified,
        "uncertified_total": uncertified_total,
        "offers": Placement.objects.answerable_by(user).filter(status=PlacementStatus.OFFERED).count(),
        "offers_url": link("migration_tracks:placement_list", status=PlacementStatus.OFFERED),
    }
    return DashboardPanel("centre", _("Your training centre"), "dashboard/_centre.html", context)
