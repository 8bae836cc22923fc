"""Figures of a page of rows, from a query Django builds and compiles once per process.

Some figures are cheap for the database and dear for Django: a placement's recruitment-fee figures
(`migration_tracks.fees.with_fee_totals`) nest a dozen subqueries, which take Django ~20 ms to resolve and compile
on every request, ten times what PostgreSQL takes to compute them for 50 rows (docs/PERFORMANCE.md, "Lists").
`PageFigures` compiles the annotated query once (per connection and key, e.g. the day), with the ids as one array
parameter (`__in_ids`), and for each page only swaps in that page's ids: the same SQL, the same figures, one query.

On PostgreSQL only, where `__in_ids` is one parameter; elsewhere the query is built for each page as usual.
"""

from collections.abc import Callable, Hashable, Iterable

from django.db import connections, router
from django.db.models import QuerySet

from .lookups import Ids

#: an id no row has (ids are positive), to find the ids' parameter in the compiled query
_MARKER = -7_301_977


class PageFigures:
    """The annotations of `build(ids, *key)` for the rows of those ids, as {id: {annotation: value}}.

    `build` names the rows with `pk__in_ids=ids` and adds its figures as annotations (as the list's own queryset
    would); `key` holds whatever else the query depends on (a date), so that each key is compiled once."""

    def __init__(self, model, build: Callable[..., QuerySet]):
        self.model, self.build = model, build

    def read(self, ids: Iterable[int], *key: Hashable) -> dict[int, dict]:
        ids = sorted({int(pk) for pk in ids})
        if not ids:
            return {}
        connection = connections[router.db_for_read(self.model)]
        if connection.vendor != "postgresql":
            return self._rows(self.build(Ids(ids), *key))
        # Kept on the connection (one per thread; a compiled query holds its connection) and for the latest key only
        # (yesterday's query is never asked for again).
        cache = connection.__dict__.setdefault("_gsp_page_figures", {})
        compiled = cache.get(self)
        if compiled is None or compiled[0] != key:
            compiled = cache[self] = (key, _Compiled(self.build(Ids([_MARKER]), *key), connection))
        return compiled[1].run(ids)

    @staticmethod
    def _rows(queryset: QuerySet) -> dict[int, dict]:
        names = list(queryset.query.annotations)
        return {row.pop("pk"): row for row in queryset.order_by().values("pk", *names)}


class _Compiled:
    """One compiled query: its SQL, its parameters with the ids' slot, and Django's converters for its columns."""

    def __init__(self, queryset: QuerySet, connection):
        names = list(queryset.query.annotations)
        query = queryset.order_by().values("pk", *names).query
        self.compiler = query.get_compiler(connection=connection)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        slots = [i for i, value in enumerate(self.params) if value == [_MARKER]]
        if len(slots) != 1:
            raise ValueError("The query must name its rows once, with pk__in_ids.")
        self.slot = slots[0]
        self.names = [alias or column.target.attname for column, _sql, alias in self.compiler.select]
        self.names[0] = "pk"
        self.converters = self.compiler.get_converters([column for column, _sql, _alias in self.compiler.select])

    def run(self, ids: list[int]) -> dict[int, dict]:
        params = list(self.params)
        params[self.slot] = ids
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        found = {}
        for row in rows:
            values = dict(zip(self.names, row, strict=True))
            found[values.pop("pk")] = values
        return found


def attach(rows: list, figures: PageFigures, *key: Hashable) -> list:
    """`rows` (model instances) with the figures of their ids set as attributes, in one query; a row deleted since
    the page was read (the figures query finds no such id) is left out."""
    found = figures.read([row.pk for row in rows], *key)
    kept = [row for row in rows if row.pk in found]
    for row in kept:
        for name, value in found[row.pk].items():
            setattr(row, name, value)
    return kept
