"""What every panel of the dashboard shares: the panel itself, links that tolerate a page not (yet) routed, and the
latest report runs a user may read."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from ..models import ReportRun

#: Rows a panel lists at most; the figures above a list count them all, and a link leads to the rest.
ROWS = 10
#: Report runs shown at most.
LATEST_RUNS = 5


@dataclass
class DashboardPanel:
    """One block of the dashboard: its heading, its template and what the template reads."""

    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


def link(url_name: str, *args, **query) -> str | None:
    """The URL of a page with its filters as query parameters, or None when that page is not routed (the panels
    link to other apps' lists, which may not exist yet; a figure without its page is shown without a link).
    A list value repeats its parameter (`status=["applied", "shortlisted"]`)."""
    try:
        url = reverse(url_name, args=args)
    except NoReverseMatch:
        return None
    params = {k: v for k, v in query.items() if v is not None}
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def latest_runs(user, queryset=None, limit: int = LATEST_RUNS) -> list[ReportRun]:
    """The newest report runs `user` may read (of `queryset` when given), with what their rows show."""
    runs = queryset if queryset is not None else ReportRun.objects.visible_to(user)
    return list(runs.select_related("partnership", "programme").order_by("-created")[:limit])
