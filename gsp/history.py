"""The recorded versions of a row (django-simple-history), read the same way by the API and the history tabs."""

from .access import actor_prefetch

#: At most this many versions are shown, newest first (an object edited daily for years stays readable).
HISTORY_LIMIT = 200


def history_records(obj, limit: int = HISTORY_LIMIT) -> list:
    """The object's latest versions, newest first, each knowing the version before it (`_gsp_prev`) so that its
    changes are computed without a query per version."""
    records = list(
        obj.history.select_related("history_user")
        .prefetch_related(actor_prefetch("history_user"))
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    for newer, older in zip(records, records[1:] + [None], strict=True):
        newer._gsp_prev = older
    return records[:limit]


def record_changes(record) -> dict:
    """{field: (old, new)} against the previous version; empty for the first one."""
    previous = getattr(record, "_gsp_prev", None)
    if previous is None:
        return {}
    return {c.field: (c.old, c.new) for c in record.diff_against(previous).changes}
