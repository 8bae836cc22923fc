"""A ministry's panel: its partnerships with targets versus actual per track, the amendments awaiting its approval,
safeguards warnings and the latest reports."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from identity.access import GOVERNMENT, Scope
from migration_tracks.choices import PlacementStatus
from migration_tracks.selectors import placed_enrollments_q
from partnerships.choices import AmendmentStatus, PartnershipStatus, Track
from partnerships.models import Amendment, Partnership
from partnerships.querysets import partnership_q
from reference.models import HealthSafeguardsList
from training.choices import EnrollmentStatus
from training.models import Enrollment

from .base import ROWS, DashboardPanel, latest_runs, link

#: Partnerships whose safeguards are checked at most (`Partnership.safeguards_issue` reads a few rows each).
SAFEGUARDS_CHECKED = 5
PLACED_STATUSES = [PlacementStatus.STARTED, PlacementStatus.ENDED]


def governed_partnerships(user, scope: Scope):
    """The partnerships of the user's countries (as origin or destination) that are not closed."""
    return (
        Partnership.objects.visible_to(user)
        .filter(partnership_q(scope, kinds={GOVERNMENT}))
        .exclude(status=PartnershipStatus.CLOSED)
        .select_related("origin_country", "destination_country")
        .order_by("code")
    )


def track_figures(user, partnership_ids: list[int]) -> dict[tuple[int, str], dict]:
    """(partnership, track) → enrolled, completed and placed, in one grouped query (the home page's definitions:
    every enrollment counts as enrolled, completion by status, placed by `placed_enrollments_q`)."""
    rows = (
        Enrollment.objects.visible_to(user)
        .filter(cohort__partnership__in=partnership_ids)
        .order_by()
        .values("cohort__partnership_id", "track")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
            placed=Count("pk", filter=Q(placed_enrollments_q())),
        )
    )
    return {(row["cohort__partnership_id"], row["track"]): row for row in rows}


def targets_versus_actual(partnerships: list[Partnership], figures: dict) -> list[dict]:
    """One row per partnership with a line per track: target, enrolled, completed, placed, each linked to its rows."""
    rows = []
    for p in partnerships:
        tracks = []
        for track in Track:
            found = figures.get((p.pk, track.value), {})
            target = p.target_home if track == Track.HOME else p.target_away
            enrolled = found.get("enrolled", 0)
            filters = {"partnership": p.pk, "track": track.value}
            tracks.append(
                {
                    "track": track.value,
                    "label": track.label,
                    "target": target,
                    "enrolled": enrolled,
                    "completed": found.get("completed", 0),
                    "placed": found.get("placed", 0),
                    "share": enrolled / target if target else None,
                    "enrolled_url": link("training:enrollment_list", **filters),
                    "completed_url": link("training:enrollment_list", **filters, status=EnrollmentStatus.COMPLETED),
                    "placed_url": link("migration_tracks:placement_list", **filters, status=PLACED_STATUSES),
                }
            )
        rows.append({"partnership": p, "url": link("partnerships:partnership_detail", p.pk), "tracks": tracks})
    return rows


def awaiting_approval(user, scope: Scope):
    """Proposed amendments of the user's countries' partnerships that their side has not approved yet."""
    countries = scope.countries()
    return (
        Amendment.objects.visible_to(user)
        .filter(status=AmendmentStatus.PROPOSED)
        .filter(
            Q(partnership__origin_country__in=countries, origin_approved_at__isnull=True)
            | Q(partnership__destination_country__in=countries, destination_approved_at__isnull=True)
        )
        .select_related("partnership")
        .order_by("created", "pk")
    )


def safeguards_warnings(partnerships: list[Partnership]) -> tuple[list[dict], int]:
    """(warnings, unchecked): the safeguards issue of at most SAFEGUARDS_CHECKED partnerships, and how many more
    might have one. Only a partnership without a government-to-government agreement whose origin is on the current
    WHO list can have an issue, so only those are asked (`safeguards_issue` says whether and why)."""
    if all(p.g2g_agreement for p in partnerships):
        return [], 0
    safeguards = HealthSafeguardsList.current()
    listed = set(safeguards.countries.values_list("pk", flat=True)) if safeguards else set()
    candidates = [p for p in partnerships if not p.g2g_agreement and p.origin_country_id in listed]
    warnings = [
        {"partnership": p, "issue": issue, "url": link("partnerships:partnership_detail", p.pk)}
        for p in candidates[:SAFEGUARDS_CHECKED]
        if (issue := p.safeguards_issue())
    ]
    return warnings, max(len(candidates) - SAFEGUARDS_CHECKED, 0)


def ministry_panel(user, scope: Scope) -> DashboardPanel | None:
    if not scope.countries():
        return None
    governed = governed_partnerships(user, scope)
    partnerships = list(governed)  # a ministry has a handful: all are needed for the safeguards candidates
    shown = partnerships[:ROWS]
    warnings, unchecked = safeguards_warnings(partnerships)
    amendments = awaiting_approval(user, scope)
    amendment_rows = [{"amendment": a, "url": link("partnerships:amendment_detail", a.pk)} for a in amendments[:ROWS]]
    context = {
        "partnerships": targets_versus_actual(shown, track_figures(user, [p.pk for p in shown])),
        "partnership_total": len(partnerships),
        "partnerships_url": link("partnerships:partnership_list"),
        "amendments": amendment_rows,
        "amendment_total": amendments.count(),
        "amendments_url": link("partnerships:amendment_list", status=AmendmentStatus.PROPOSED),
        "safeguards": warnings,
        "safeguards_unchecked": unchecked,
        "safeguards_url": link("partnerships:partnership_list", g2g_agreement="false"),
        "runs": latest_runs(user),
        "reports_url": link("reports:report_index"),
    }
    return DashboardPanel("ministry", _("Your partnerships"), "dashboard/_ministry.html", context)
