"""The ministries' fair-recruitment panel: placements of their partnerships whose workers paid more than the
agreement's cap (DESIGN §2, employer pays), and those whose fees cannot be compared with it for want of an exchange
rate, each linked to its placement. "Over the cap" has one definition, `migration_tracks.fees.with_fee_totals`."""

from django.utils.translation import gettext_lazy as _

from identity.access import Scope
from migration_tracks.fees import missing_pairs, placements_over_fee_cap, placements_unchecked
from migration_tracks.models import Placement

from .base import ROWS, DashboardPanel, link
from .ministry import governed_partnerships

SHOWN = ("skill_need__partnership", "skill_need__employer", "skill_need__occupation")


def _rows(queryset) -> list[dict]:
    found = list(queryset.select_related(*SHOWN).order_by("skill_need__partnership__code", "-offered_on", "pk")[:ROWS])
    return [{"placement": p, "url": link("migration_tracks:placement_detail", p.pk)} for p in found]


def fees_panel(user, scope: Scope) -> DashboardPanel | None:
    """Shown to governments when something needs their attention (left out otherwise): the count and the first
    rows of each list."""
    if not scope.countries():
        return None
    placements = Placement.objects.visible_to(user).filter(
        skill_need__partnership__in=governed_partnerships(user, scope).values("pk")
    )
    over, unchecked = placements_over_fee_cap(placements), placements_unchecked(placements)
    over_total, unchecked_total = over.count(), unchecked.count()
    if not over_total and not unchecked_total:
        return None
    unchecked_rows = _rows(unchecked)
    pairs = missing_pairs([row["placement"].pk for row in unchecked_rows])
    for row in unchecked_rows:
        row["pairs"] = pairs.get(row["placement"].pk, [])
    context = {
        "over": _rows(over),
        "over_total": over_total,
        "over_url": link("migration_tracks:placement_list", over_fee_cap="true"),
        "unchecked": unchecked_rows,
        "unchecked_total": unchecked_total,
    }
    return DashboardPanel("fees", _("Recruitment fees over the cap"), "dashboard/_fees.html", context)
