"""Versions of a row, for safe concurrent edits: the API's `ETag` / `If-Match` and the edit pages' hidden version.

A row's version is derived from its primary key and its `updated` time (every save changes it), hashed into an
opaque token. A client (or a form) sends back the version it read; the write then locks the row
(`SELECT … FOR UPDATE`) inside its transaction and compares: if the row changed meanwhile, nothing is saved (412 in
the API, 409 on a page). Because the comparison is made under the row lock and the write happens before the lock is
released, two writes that read the same version cannot both succeed: the second one waits for the first, then
sees a new version.

The version names the stored record, not the bytes of a response: a figure computed from other rows (e.g. positions
filled of a skill need) may change while the record's version stays the same.
"""

import datetime as dt
import hashlib

from django.db import models
from django.utils import timezone

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def is_versioned(model: type[models.Model]) -> bool:
    """Whether rows of `model` have a version (models with an `updated` time, i.e. every `TimeStampedModel`)."""
    try:
        field = model._meta.get_field("updated")
    except Exception:  # noqa: BLE001 — FieldDoesNotExist: no version, no check
        return False
    return isinstance(field, models.DateTimeField)


def version_token(model: type[models.Model], pk, updated: dt.datetime | None) -> str:
    """The opaque version of row `pk` of `model` last saved at `updated`."""
    if updated is not None and timezone.is_naive(updated):
        updated = timezone.make_aware(updated, dt.UTC)
    micros = (updated - EPOCH) // dt.timedelta(microseconds=1) if updated is not None else 0
    raw = f"{model._meta.label_lower}:{pk}:{micros}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


def version_of(obj: models.Model) -> str:
    """The version of `obj` as loaded."""
    return version_token(type(obj), obj.pk, obj.updated)


def current_version(model: type[models.Model], pk, *, lock: bool = False) -> str | None:
    """The version of row `pk` as stored now (None if it is gone); `lock` takes the row lock until the transaction
    ends (call it inside `transaction.atomic()`), so the row cannot change between this check and the write."""
    rows = model._base_manager.filter(pk=pk)
    if lock:
        rows = rows.select_for_update()
    found = list(rows.values_list("updated", flat=True))
    return version_token(model, pk, found[0]) if found else None


def etag(version: str) -> str:
    """The `ETag` header value of a version (a strong validator: a quoted opaque token)."""
    return f'"{version}"'


def if_match_versions(header: str) -> set[str] | None:
    """The versions an `If-Match` header accepts: None for `*` (any), else the set of tokens. Weak tags (`W/"…"`,
    as some proxies rewrite them) are compared by their token."""
    header = header.strip()
    if header == "*":
        return None
    tokens = set()
    for part in header.split(","):
        part = part.strip()
        part = part.removeprefix("W/").strip()
        if len(part) >= 2 and part.startswith('"') and part.endswith('"'):
            part = part[1:-1]
        if part:
            tokens.add(part)
    return tokens
