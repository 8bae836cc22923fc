"""The staff summary: partnerships by status, trainees per track (the home page's figures), report runs that need
a look (queued, running, failed) and amendments awaiting approval."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from identity.access import Scope
from partnerships.choices import AmendmentStatus
from partnerships.models import Amendment

from ..choices import ReportStatus
from ..models import ReportRun
from .base import DashboardPanel, latest_runs, link


def run_counts(user) -> list[dict]:
    found = dict(ReportRun.objects.visible_to(user).order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": s.value, "label": s.label, "n": found.get(s.value, 0)}
        for s in (ReportStatus.QUEUED, ReportStatus.RUNNING, ReportStatus.FAILED)
    ]


def staff_panel(user, scope: Scope) -> DashboardPanel | None:
    if not scope.is_staff:
        return None
    # The home page's aggregates, one definition each (imported here: reports.views imports this package).
    from ..home_figures import compute_home_figures
    from ..views import status_counts, track_counts

    figures = compute_home_figures()  # counted now (staff watch the live figures), once for both tables
    statuses = status_counts(figures)
    context = {
        "statuses": [
            {"status": s, "label": label, "n": n, "url": link("partnerships:partnership_list", status=s)}
            for s, label, n in statuses
        ],
        "partnership_total": sum(n for _s, _l, n in statuses),
        "tracks": track_counts(figures),
        "runs_by_status": run_counts(user),
        "amendments": Amendment.objects.visible_to(user).filter(status=AmendmentStatus.PROPOSED).count(),
        "amendments_url": link("partnerships:amendment_list", status=AmendmentStatus.PROPOSED),
        "runs": latest_runs(user),
        "reports_url": link("reports:report_index"),
        "admin_url": link("admin:index"),
    }
    return DashboardPanel("staff", _("Summary"), "dashboard/_staff.html", context)
