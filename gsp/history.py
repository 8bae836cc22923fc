"""The recorded versions of a row (django-simple-history), read the same way by the API and the history tabs."""

from simple_history import utils as history_utils

from .access import actor_prefetch

#: At most this many versions are shown, newest first (an object edited daily for years stays readable).
HISTORY_LIMIT = 200


def history_records(obj, limit: int = HISTORY_LIMIT) -> list:
    """The object's latest versions, newest first, each knowing the version before it (`_gsp_prev`) and the rows of
    its many-to-many fields (`_gsp_m2m`), so that its changes are computed without a query per version."""
    records = list(
        obj.history.select_related("history_user")
        .prefetch_related(actor_prefetch("history_user"))
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    for newer, older in zip(records, records[1:] + [None], strict=True):
        newer._gsp_prev = older
    _load_m2m(records)
    return records[:limit]


def _m2m_fields(record) -> list:
    return list(getattr(record, "_history_m2m_fields", ()))


def _load_m2m(records: list) -> None:
    """One query per many-to-many field for all the versions (simple_history's own diff queries each version)."""
    if not records:
        return
    by_id = {r.history_id: r for r in records}
    for record in records:
        record._gsp_m2m = {}
    for field in _m2m_fields(records[0]):
        through = getattr(records[0], field.name).model
        target = history_utils.get_m2m_reverse_field_name(field)
        rows = through.objects.filter(history__in=list(by_id)).values_list("history_id", f"{target}_id")
        values: dict[int, list] = {pk: [] for pk in by_id}
        for history_id, related_id in rows:
            values[history_id].append(related_id)
        for pk, related in values.items():
            by_id[pk]._gsp_m2m[field.name] = tuple(sorted(related, key=str))


def record_changes(record) -> dict:
    """{field: (old, new)} against the previous version; empty for the first one."""
    previous = getattr(record, "_gsp_prev", None)
    if previous is None:
        return {}
    m2m = [f.name for f in _m2m_fields(record)]
    changes = {c.field: (c.old, c.new) for c in record.diff_against(previous, excluded_fields=m2m).changes}
    new, old = getattr(record, "_gsp_m2m", {}), getattr(previous, "_gsp_m2m", {})
    for name in m2m:
        if name in new and name in old and new[name] != old[name]:
            changes[name] = (", ".join(map(str, old[name])), ", ".join(map(str, new[name])))
    return changes
