"""Reads of the partnership app that more than one surface shows."""

import datetime as dt
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from identity.access import scope_of

from .choices import AmendmentStatus
from .cost_sharing import table_errors, version_in_force
from .models import Amendment, Partnership

ROW_FIELDS = ("track", "category", "payer_role", "share")


def cost_sharing_table(partnership: Partnership, on: dt.date | None = None) -> dict:
    """The cost-sharing table as the API and the grid show it, read in one query: the version in force on `on`
    (today by default; the first version while none is yet), whether it is complete and what it misses, and
    every version with its rows, oldest first."""
    rules = partnership.cost_share_rules.order_by("valid_from", "track", "category", "payer_role")
    versions = [
        {"valid_from": valid_from, "rows": [{k: r[k] for k in ROW_FIELDS} for r in rows]}
        for valid_from, rows in groupby(rules.values("valid_from", *ROW_FIELDS), key=lambda r: r["valid_from"])
    ]
    dates = [v["valid_from"] for v in versions]
    in_force = version_in_force(dates, on or timezone.localdate()) or (dates[0] if dates else None)
    rows = next((v["rows"] for v in versions if v["valid_from"] == in_force), [])
    errors = table_errors(rows, require_complete=True)
    return {
        "valid_from": in_force,
        "rows": rows,
        "complete": not errors,
        "missing": [e for e in errors if "no shares for" in e],
        "versions": versions,
    }


#: The two governments of a partnership, as amendments name the side that approves.
SIDES = ("origin", "destination")


def approving_side(amendment: Amendment, user, requested: str = "") -> str | None:
    """Which government `user` approves (or rejects) `amendment` for: the one of their own country, where they are
    an editor; staff name the side (`requested`). None when there is no single side (not a government editor of
    either country, or of both). The API and the pages both ask this."""
    if user.is_staff:
        sides = [requested]
    else:
        countries = set(scope_of(user).countries(write=True))
        p = amendment.partnership
        sides = [side for side, c in zip(SIDES, (p.origin_country_id, p.destination_country_id), strict=True)
                 if c in countries]  # fmt: skip
    return sides[0] if len(sides) == 1 and sides[0] in SIDES else None


def amendments_awaiting(user):
    """Proposed amendments awaiting the approval of the user's government side (those `approving_side` gives them
    a side for, not yet approved for it), oldest first; staff: every proposed amendment."""
    proposed = (
        Amendment.objects.visible_to(user)
        .filter(status=AmendmentStatus.PROPOSED)
        .select_related("partnership")
        .order_by("created", "pk")
    )
    if user.is_staff:
        return proposed
    countries = scope_of(user).countries(write=True)
    origin = Q(partnership__origin_country__in=countries)
    destination = Q(partnership__destination_country__in=countries)
    return proposed.filter(
        (origin & ~destination & Q(origin_approved_at__isnull=True))
        | (destination & ~origin & Q(destination_approved_at__isnull=True))
    )
