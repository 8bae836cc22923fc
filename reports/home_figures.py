"""The public home page's figures, computed in the background and read from the cache.

Counting a million enrollments on every anonymous visit would let anyone load the database for free, so the page
reads these figures from the cache (Redis when `REDIS_URL` is set, each process's memory otherwise). Celery beat
recomputes them every `GSP_HOME_FIGURES_REFRESH` seconds (`reports.refresh_home_figures`); a cold cache is filled
by the first visit, one process at a time (a lock key), while the others wait briefly for it.

The figures are plain numbers and codes: labels are translated when the page is drawn, in the reader's language.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from migration_tracks.selectors import placed_enrollments_q
from partnerships.models import Partnership
from training.choices import EnrollmentStatus
from training.models import Enrollment

CACHE_KEY = "reports:home-figures:v1"
LOCK_KEY = "reports:home-figures:lock"
#: how long a visit waits for another process that is computing a cold cache, before computing itself
LOCK_WAIT = 5.0


def compute_home_figures() -> dict:
    """Partnerships per status, enrollments per track (enrolled, completed, placed: a placement started by today,
    DESIGN §3), and the countries of the partnerships with how often each is origin and destination."""
    tracks = {
        row.pop("track"): row
        for row in Enrollment.objects.order_by()
        .values("track")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
            placed=Count("pk", filter=Q(placed_enrollments_q())),
        )
    }
    statuses = dict(Partnership.objects.order_by().values_list("status").annotate(n=Count("pk")))
    roles: dict[str, dict] = {}
    for field, role in (("origin_country", "origin"), ("destination_country", "destination")):
        rows = Partnership.objects.order_by().values_list(field, f"{field}__name").annotate(n=Count("pk"))
        for code, name, n in rows:
            entry = roles.setdefault(code, {"code": code, "name": name, "origin": 0, "destination": 0})
            entry[role] = n
    return {"statuses": statuses, "tracks": tracks, "countries": list(roles.values())}


def refresh_home_figures() -> dict:
    """Recompute the figures and store them (the beat task; also after a cold start)."""
    figures = compute_home_figures()
    # Kept for three refresh periods: a beat that misses one does not send visits back to the database.
    cache.set(CACHE_KEY, figures, timeout=3 * settings.GSP_HOME_FIGURES_REFRESH)
    return figures


def home_figures() -> dict:
    """The cached figures; on a cold cache one process computes them while the others wait for its result."""
    figures = cache.get(CACHE_KEY)
    if figures is not None:
        return figures
    if cache.add(LOCK_KEY, 1, timeout=60):
        try:
            return refresh_home_figures()
        finally:
            cache.delete(LOCK_KEY)
    deadline = time.monotonic() + LOCK_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if (figures := cache.get(CACHE_KEY)) is not None:
            return figures
    return compute_home_figures()  # the other process failed or is slow: answer anyway, without storing
