"""Reads of the partnership app that more than one surface shows."""

import datetime as dt
from itertools import groupby

from django.utils import timezone

from .cost_sharing import table_errors, version_in_force
from .models import Partnership

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
