"""Inserting many new rows of a model with their history records, fast: what `bulk_create_with_history` does, without
building a model instance per row and per history record and compiling an INSERT per 60 rows (which is what makes it
take minutes for 100,000 rows, most of it in Python).

Rows are dicts of field attnames to values already cleaned by the models' fields (`checks`). Each distinct value of a
column is prepared for the database once, by the field itself (`get_db_prep_save`). Primary keys are allocated first,
so the enrollments can point at the new trainees and the history records at both. PostgreSQL receives the rows by
`COPY`; SQLite by `executemany`. Every database constraint is still checked by the database. The history records are
those `save()` would have written: type `+`, the user, the date, the change reason; any other kind of historical model
(extra fields) or database goes through `bulk_create_with_history` instead.
"""

import datetime as dt
import io
import json
from contextlib import contextmanager

from django.db import connection, connections, models
from simple_history.utils import bulk_create_with_history

HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
COPY_TYPES = (str, int, dt.date, list, dict, type(None))
ANALYZE_FROM = 10_000
SQLITE_CACHE_KIB = -131072  # negative: KiB, i.e. 128 MB


def bulk_insert_with_history(model, rows: list[dict], *, user, reason: str, now: dt.datetime) -> list[int]:
    """Insert `rows` as new `model` rows, each with a `+` history record by `user`; returns their primary keys in
    order. Must run inside the transaction that holds the writes (on SQLite the ids are allocated under its lock)."""
    if not rows:
        return []
    history = model.history.model
    if connection.vendor not in ("postgresql", "sqlite") or _history_extras(model, history):
        return _fallback(model, rows, user=user, reason=reason, now=now)
    with _sqlite_cache():
        return _insert_with_history(model, history, rows, user=user, reason=reason, now=now)


@contextmanager
def _sqlite_cache():
    """SQLite's page cache raised for the load (2 MB by default: 100,000 index entries would thrash it)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _insert_with_history(model, history, rows: list[dict], *, user, reason: str, now: dt.datetime) -> list[int]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pk = model._meta.pk
    ids = _allocate_ids(model, len(rows))
    values = {f.attname: _column(f, rows, now) for f in fields}
    values[pk.attname] = ids
    columns = [pk, *fields]
    _insert(model._meta.db_table, columns, [values[f.attname] for f in columns])

    history_columns = [f for f in history._meta.concrete_fields if f.name != "history_id"]
    fixed = {"history_date": now, "history_change_reason": reason, "history_type": "+", "history_user_id": user.pk}
    n = len(rows)
    _insert(
        history._meta.db_table,
        history_columns,
        [[fixed[f.attname]] * n if f.attname in fixed else values[f.attname] for f in history_columns],
    )
    if connection.vendor == "postgresql" and n >= ANALYZE_FROM:
        # As after any bulk load: fresh statistics, or the planner keeps seeing the table as it was and the next
        # import's lookups by national ID scan it instead of using its unique index.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return ids


def _history_extras(model, history) -> set[str]:
    """Fields of the historical model that are neither the model's nor simple-history's usual ones."""
    tracked = {f.attname for f in model._meta.concrete_fields}
    return {f.name for f in history._meta.concrete_fields if f.attname not in tracked and f.name not in HISTORY_FIELDS}


def _column(field, rows: list[dict], now: dt.datetime) -> list:
    """The column's Python values: the row's, the time for auto_now(_add) fields, else the field's default."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return [now] * len(rows)
    name = field.attname
    if all(name in row for row in rows):
        return [row[name] for row in rows]
    default = field.get_default()
    return [row.get(name, default) for row in rows]


def _allocate_ids(model, n: int) -> list[int]:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: this transaction has written already, so it holds the database's write lock until it ends; the next
        # ids are above both the largest id and the AUTOINCREMENT counter (ids of deleted rows are never reused).
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}")  # noqa: S608 — names from the model
        largest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(largest, row[0] if row else 0) + 1
        return list(range(start, start + n))


def _insert(table: str, fields: list, columns: list[list]) -> None:
    qn = connection.ops.quote_name
    names = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy_expert"):
            buffer = io.StringIO()
            for row in zip(*[_copy_column(f, values) for f, values in zip(fields, columns, strict=True)], strict=True):
                buffer.write("\t".join(row))
                buffer.write("\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {qn(table)} ({names}) FROM STDIN", buffer)
        else:
            db = connections[connection.alias]  # the connection itself, not the per-call proxy
            prepared = [_prepared_column(f, values, db) for f, values in zip(fields, columns, strict=True)]
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({placeholders})"  # noqa: S608 — names from the model
            cursor.executemany(sql, list(zip(*prepared, strict=True)))


def _memoised(values: list, convert) -> list:
    """`convert` applied to each distinct value once (a column holds values of one type; lists are JSON)."""
    memo: dict = {}
    out = []
    append = out.append
    for value in values:
        if isinstance(value, (list, dict)):
            key = tuple(value) if type(value) is list and all(type(v) is str for v in value) else json.dumps(value)
        else:
            key = value
        try:
            append(memo[key])
        except KeyError:
            memo[key] = converted = convert(value)
            append(converted)
    return out


def _prepared_column(field, values: list, db) -> list:
    """Each distinct value prepared once by the field, as `bulk_create` would send it. Text in a text field and whole
    numbers in an integer field (keys) are sent as they are: that is what their preparation returns."""
    kind = str if isinstance(field, models.CharField) else int if _is_integer(field) else None
    if kind is not None and all(type(v) is kind or v is None for v in values):
        return values
    return _memoised(values, lambda value: field.get_db_prep_save(value, db))


def _is_integer(field) -> bool:
    target = field.target_field if field.is_relation else field
    return isinstance(target, (models.IntegerField, models.AutoField, models.BigIntegerField))


def _copy_text(field, value) -> str:
    """A value in COPY's text format (NULL is `\\N`; backslash, tab and line breaks escaped)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if not isinstance(value, COPY_TYPES):
        raise TypeError(f"No COPY text for {type(value).__name__} in {field}")
    if isinstance(value, (list, dict)):
        text = json.dumps(value)
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_column(field, values: list) -> list[str]:
    return _memoised(values, lambda value: _copy_text(field, value))


def _fallback(model, rows: list[dict], *, user, reason: str, now: dt.datetime) -> list[int]:
    objects = [model(**row) for row in rows]
    bulk_create_with_history(
        objects, model, batch_size=2000, default_user=user, default_change_reason=reason, default_date=now
    )
    return [obj.pk for obj in objects]
