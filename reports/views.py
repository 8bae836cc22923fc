"""The public home page: partnerships on a world map and aggregate counts (a report anyone may read).

The home page is public and shows aggregates only (no row, no person), so it reads the tables directly
instead of through `visible_to(user)`, which grants anonymous users nothing. The figures are computed by
`home_figures` and kept in the cache, refreshed every few minutes by Celery beat: a visit costs no scan.
"""

from dataclasses import dataclass

import pycountry
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from partnerships.choices import PartnershipStatus, Track

from .dashboards import dashboard  # noqa: F401 — the landing page after sign-in, routed with the home page
from .home_figures import compute_home_figures, home_figures

# The choice labels explain the tracks at length; the page's cards and table need their short names.
TRACK_NAMES = {Track.HOME: gettext_lazy("Home track"), Track.AWAY: gettext_lazy("Away track")}


@dataclass(frozen=True)
class TrackCounts:
    """Enrolled → completed → placed for one track."""

    track: str
    label: str
    description: str
    enrolled: int
    completed: int
    placed: int


def status_counts(figures: dict | None = None) -> list[tuple[str, str, int]]:
    """(status, label, partnerships) for every status in lifecycle order, zeros included (counted now unless the
    cached `figures` are given)."""
    found = (figures or compute_home_figures())["statuses"]
    return [(status.value, status.label, found.get(status.value, 0)) for status in PartnershipStatus]


def track_counts(figures: dict | None = None) -> list[TrackCounts]:
    """Enrollments per track, those completed, and those placed (a placement started by today, DESIGN §3), counted
    now unless the cached `figures` are given."""
    figures = figures or compute_home_figures()
    counts = []
    for track in Track:
        row = figures["tracks"].get(track.value, {})
        counts.append(
            TrackCounts(
                track=track.value,
                label=TRACK_NAMES[track],
                description=track.label,
                enrolled=row.get("enrolled", 0),
                completed=row.get("completed", 0),
                placed=row.get("placed", 0),
            )
        )
    return counts


def numeric_code(alpha_2: str) -> str | None:
    """ISO 3166-1 numeric code ("566" for NG): the feature ids of world-atlas."""
    found = pycountry.countries.get(alpha_2=alpha_2)
    return found.numeric if found else None


def country_roles(figures: dict) -> list[dict]:
    """Each country in a partnership, with how many partnerships it is the origin and the destination of."""
    roles = [dict(entry, id=numeric_code(entry["code"])) for entry in figures["countries"]]
    return sorted(roles, key=lambda entry: entry["name"])


def map_data(countries: list[dict]) -> dict:
    """What home-map.js draws, with its labels translated here so the script holds no text."""
    return {
        "countries": [c for c in countries if c["id"]],
        "labels": {
            "title": gettext("Partnerships"),
            "origin": gettext("origin of"),
            "destination": gettext("destination of"),
            "too_small": gettext("Too small to be drawn at this scale:"),
        },
    }


def home(request):
    """The public landing page: partnerships on a world map and aggregate counts."""
    figures = home_figures()  # cached: an anonymous visit reads no table (reports/home_figures.py)
    countries = country_roles(figures)
    statuses = status_counts(figures)
    context = {
        "statuses": statuses,
        "partnership_total": sum(n for _, _, n in statuses),
        "tracks": track_counts(figures),
        "country_total": len(countries),
        "origin_total": sum(1 for c in countries if c["origin"]),
        "destination_total": sum(1 for c in countries if c["destination"]),
        "map_data": map_data(countries),
    }
    return render(request, "home.html", context)
