"""The intake plan panel of a partnership's page (DESIGN §3): recommended seats per occupation and track for its next
cohort, with the rates used. Aggregates only, shown to whoever sees the partnership; registered by
`MigrationTracksConfig.ready()`."""

from django.urls import reverse

from partnerships.panels import Panel, register_panel

from ..intake import intake_plan, totals_by_track
from .extras import TRACK_NAMES

ORDER = 70  # after the placements per track


def intake_panel(partnership, user) -> Panel | None:
    """Left out when the partnership has no open skill need: there is nothing to plan for."""
    plan = intake_plan(partnership)
    if not plan["rows"]:
        return None
    for row in plan["rows"]:
        row["track_label"] = TRACK_NAMES.get(row["track"], row["track"])
    context = {
        "plan": plan,
        "totals": [(TRACK_NAMES[t], n) for t, n in sorted(totals_by_track(plan["rows"]).items())],
        "api_url": reverse("partnership-intake-plan", args=[partnership.pk]),
    }
    return Panel("migration_tracks/_intake_plan.html", context, order=ORDER)


def register() -> None:
    register_panel(intake_panel)
