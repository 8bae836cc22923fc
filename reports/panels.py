"""The reports panel of a partnership's page: a link to its reports page and its latest runs, shown to those who
may report on it (governments of its countries, donors funding it, staff). Registered in `ReportsConfig.ready`."""

from partnerships.panels import Panel

from .dashboards.base import latest_runs
from .models import ReportRun
from .querysets import reportable_partnerships

ORDER = 900  # after the partnership's own panels: the reports read all of them


def reports_panel(partnership, user) -> Panel | None:
    if not reportable_partnerships(user).filter(pk=partnership.pk).exists():
        return None
    runs = latest_runs(user, ReportRun.objects.visible_to(user).filter(partnership=partnership))
    return Panel("reports/_partnership_panel.html", {"partnership": partnership, "runs": runs}, order=ORDER)
