"""A donor's panel: the partnerships it funds that it may see (a donor sees a partnership it is a party to: funding
its programme alone grants the programme's reports, not the partnership) with the latest report of each kind, and
the latest reports it may read. Donors see aggregates and reports, never people."""

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from identity.access import DONOR, Scope
from partnerships.choices import PartyRole
from partnerships.models import Partnership, PartnershipParty

from ..choices import ReportKind
from ..models import ReportRun
from .base import ROWS, DashboardPanel, latest_runs, link


def funded_partnerships(user, orgs: list[int]):
    funded = PartnershipParty.objects.filter(organisation__in=orgs, role=PartyRole.DONOR).values("partnership_id")
    return (
        Partnership.objects.visible_to(user)
        .filter(Q(pk__in=funded) | Q(programme__funder__in=orgs))
        .select_related("origin_country", "destination_country", "programme")
        .order_by("code")
    )


def with_latest_runs(user, partnerships) -> list[Partnership]:
    """The partnerships, each with `latest` = [(kind label, run or None)], in two queries."""
    runs = ReportRun.objects.visible_to(user)
    latest = {
        f"latest_{kind}": Subquery(
            runs.filter(partnership=OuterRef("pk"), kind=kind).order_by("-created", "-pk").values("pk")[:1]
        )
        for kind in ReportKind.values
    }
    rows = list(partnerships.annotate(**latest)[:ROWS])
    found = runs.in_bulk([getattr(p, key) for p in rows for key in latest if getattr(p, key)])
    for p in rows:
        p.latest = [(kind.label, found.get(getattr(p, f"latest_{kind.value}"))) for kind in ReportKind]
        p.url = link("partnerships:partnership_detail", p.pk)
        p.reports_url = link("reports:partnership_reports", p.pk)
    return rows


def donor_panel(user, scope: Scope) -> DashboardPanel | None:
    orgs = scope.org_ids(DONOR)
    if not orgs:
        return None
    partnerships = funded_partnerships(user, orgs)
    rows = with_latest_runs(user, partnerships)
    context = {
        "partnerships": rows,
        "partnership_total": partnerships.count(),
        "kinds": ReportKind.labels,
        "runs": latest_runs(user),
        "reports_url": link("reports:report_index"),
    }
    return DashboardPanel("donor", _("Partnerships you fund"), "dashboard/_donor.html", context)
