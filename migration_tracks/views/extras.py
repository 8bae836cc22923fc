"""What this app adds to the pages of the partnership app, which may not read placements (layers point one way): the
positions a skill need's placements take and fill, its Candidates tab and its offers, and a partnership's placements
per track. Registered by `MigrationTracksConfig.ready()`."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from gsp.pages import Column
from partnerships.choices import Track
from partnerships.panels import Panel, register_panel
from partnerships.views.skill_needs import SKILL_NEED_EXTRAS

from ..choices import ACCEPTED_PLACEMENT_STATUSES
from ..models import Placement
from ..querysets import active_placement_q, started_placement_q
from ..selectors import skill_needs_with_positions
from .common import with_worker_name, worker_of

OFFERS_SHOWN = 20
# The choice labels explain the tracks at length; a table's rows need their short names.
TRACK_NAMES = {Track.HOME: gettext_lazy("Home track"), Track.AWAY: gettext_lazy("Away track")}
POSITION_COLUMNS = (
    Column("positions_taken", pgettext_lazy("positions", "Taken"), numeric=True),
    Column("positions_filled", gettext_lazy("Filled"), numeric=True),
)


def candidates_tab(need, user) -> tuple[str, str]:
    """Whoever sees a need sees its candidates (pseudonymised), as in the API."""
    return (_("Candidates"), reverse("migration_tracks:skillneed_candidates", args=[need.pk]))


def offers_panel(need, user) -> Panel:
    """Positions taken and filled, and the latest offers the user may see, each worker by name or pseudonym."""
    offers = (
        with_worker_name(Placement.objects.visible_to(user).filter(skill_need=need), user, "enrollment__trainee_id")
        .select_related("enrollment")
        .order_by("-offered_on", "-pk")
    )
    shown = list(offers[: OFFERS_SHOWN + 1])
    return Panel(
        "migration_tracks/_skillneed_offers.html",
        {
            "need": need,
            "offers": [(p, worker_of(p)) for p in shown[:OFFERS_SHOWN]],
            "more_url": reverse("migration_tracks:placement_list") + f"?skill_need={need.pk}"
            if len(shown) > OFFERS_SHOWN
            else None,
        },
        order=10,
    )


def partnership_placements_panel(partnership, user) -> Panel | None:
    """Offers made, those accepted and workers placed, per track, among the placements the user may see (none for
    a donor or a training centre without trainees placed here: the panel is then left out)."""
    rows = {
        row["enrollment__track"]: row
        for row in Placement.objects.visible_to(user)
        .filter(skill_need__partnership=partnership)
        .order_by()
        .values("enrollment__track")
        .annotate(
            offered=Count("pk"),
            active=Count("pk", filter=active_placement_q()),
            accepted=Count("pk", filter=Q(status__in=ACCEPTED_PLACEMENT_STATUSES)),
            started=Count("pk", filter=started_placement_q()),
        )
    }
    if not rows:
        return None
    tracks = [(TRACK_NAMES[track], rows.get(track.value, {})) for track in Track]
    url = reverse("migration_tracks:placement_list") + f"?partnership={partnership.pk}"
    return Panel("migration_tracks/_partnership_placements.html", {"tracks": tracks, "url": url}, order=60)


def register() -> None:
    register_panel(partnership_placements_panel)
    extras = SKILL_NEED_EXTRAS
    if skill_needs_with_positions not in extras.annotations:
        extras.annotations.append(skill_needs_with_positions)
        extras.columns.extend(POSITION_COLUMNS)
        extras.tabs.append(candidates_tab)
        extras.panels.append(offers_panel)
