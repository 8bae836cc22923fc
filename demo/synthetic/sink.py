"""Where generated rows go: PostgreSQL `COPY … FROM STDIN` from in-memory buffers, or batched `bulk_create`.

Rows are tuples in the column order declared per model (checked against the model's concrete fields, so a new
column fails loudly instead of silently taking a wrong value). Ids are assigned by the generator from a block
reserved per table, so rows of one table can refer to rows of another before either is written; buffers are
flushed in dependency order (trainees before enrollments before placements…), so every foreign key is checked
by the database as each row arrives.
"""

import io
import json
import time
from abc import ABC, abstractmethod
from collections import defaultdict

from django.db import connection

NULL = "\\N"


def pg_text(value) -> str:
    """One value in COPY's text format. Generated strings never hold a tab, newline or backslash."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if type(value) is list:
        return json.dumps(value)
    return str(value)


class Sink(ABC):
    """Collects rows per model and writes them in batches; records rows and seconds per table."""

    #: Rows held in memory (all tables together) before a flush.
    batch_rows = 200_000

    def __init__(self, columns: dict):
        self.columns = columns  # model → tuple of column attnames, in dependency order
        for model, cols in columns.items():
            expected = {f.attname for f in model._meta.concrete_fields}
            if set(cols) != expected:
                raise RuntimeError(
                    f"{model.__name__}: the generator writes {sorted(cols)}, the model has {sorted(expected)}."
                )
        self.buffers = defaultdict(list)
        self.held = 0
        self.rows = defaultdict(int)
        self.seconds = defaultdict(float)
        self.next_ids = {}

    def next_id(self, model) -> int:
        if model not in self.next_ids:
            self.next_ids[model] = self.first_free_id(model)
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def first_free_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608 (a model's table name)
            return (cursor.fetchone()[0] or 0) + 1

    def add(self, model, row: tuple) -> None:
        self.buffers[model].append(row)
        self.held += 1
        if self.held >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for model in self.columns:
            rows = self.buffers.pop(model, None)
            if rows:
                started = time.perf_counter()
                self.write(model, self.columns[model], rows)
                self.seconds[model] += time.perf_counter() - started
                self.rows[model] += len(rows)
        self.held = 0

    @abstractmethod
    def write(self, model, columns, rows) -> None:
        """Write `rows` of `model` (tuples in `columns` order): COPY on PostgreSQL, bulk inserts elsewhere."""

    def finish(self) -> None:
        self.flush()


class CopySink(Sink):
    """PostgreSQL: `COPY table (columns) FROM STDIN` per batch, then each identity sequence moved past the ids."""

    def write(self, model, columns, rows) -> None:
        text = "\n".join("\t".join(map(pg_text, row)) for row in rows) + "\n"
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, io.StringIO(text))

    def finish(self) -> None:
        super().finish()
        with connection.cursor() as cursor:
            for model in self.next_ids:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",  # noqa: S608
                    [table],
                )


class BulkSink(Sink):
    """Any other database (SQLite in tests): `bulk_create` in batches; Django's fields parse the ISO strings."""

    def write(self, model, columns, rows) -> None:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500)


def sink_for(columns: dict) -> Sink:
    return CopySink(columns) if connection.vendor == "postgresql" else BulkSink(columns)


class Rebuild:
    """PostgreSQL bulk loading and unloading the way pg_restore does it: drop the tables' secondary indexes, unique
    and foreign-key constraints (the `kinds` asked for), write, then rebuild them.

    Rebuilding an index sorts once instead of inserting a million times at random places, and re-adding a foreign
    key checks every row in one join instead of one query per row, so every constraint is still verified, only
    faster. Run inside the transaction that writes: on any failure nothing is changed. The tables stay locked
    against other sessions meanwhile.
    """

    def __init__(self, models, *, kinds=("index", "unique", "foreign")):
        self.tables = [m._meta.db_table for m in models]
        self.kinds = set(kinds)
        self.dropped: list[tuple[str, str, str, str]] = []  # (table, kind, name, definition)

    def drop(self) -> None:
        contypes = [c for c, kind in (("u", "unique"), ("f", "foreign")) if kind in self.kinds]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = ANY(%s) ORDER BY contype DESC, conname",
                    [table, contypes],
                )
                for name, contype, definition in cursor.fetchall():
                    self.dropped.append((table, "foreign" if contype == "f" else "unique", name, definition))
                if "index" in self.kinds:
                    cursor.execute(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                        "AND tablename = %s AND indexname NOT IN "
                        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) ORDER BY indexname",
                        [table, table],
                    )
                    self.dropped += [(table, "index", name, definition) for name, definition in cursor.fetchall()]
            for table, kind, name, _ in self.dropped:
                if kind == "index":
                    cursor.execute(f'DROP INDEX "{name}"')
                else:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

    def restore(self) -> dict[str, float]:
        """Rebuild what `drop` dropped: indexes, then unique constraints, then foreign keys; seconds per table."""
        seconds = defaultdict(float)
        rank = {"index": 0, "unique": 1, "foreign": 2}
        with connection.cursor() as cursor:
            for table, kind, name, definition in sorted(self.dropped, key=lambda d: rank[d[1]]):
                started = time.perf_counter()
                if kind == "index":
                    cursor.execute(definition)
                else:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                seconds[table] += time.perf_counter() - started
        self.dropped = []
        return dict(seconds)
