"""`<field>__in_ids=[…]`: membership in a list of ids read from the database, as one array parameter.

`__in` prepares every value of its list through the field (for a foreign key, four Python calls each) and writes
one placeholder per value: for a list of a few hundred cohort ids, built several times per request by the
visibility rules, that was a good part of a list page's time. The ids here are integers the project read itself, so
they are passed as they are, wrapped in `Ids` (a list, tuple or set Django would walk value by value, resolving
expressions and checking model types): on PostgreSQL as `= ANY(%s)` with the list as one array (the same plan as
`IN`: an index scan over the array's values), elsewhere as a plain `IN` list. An empty list matches nothing."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class Ids:
    """Ids for `__in_ids`, opaque to the query builder (not iterable)."""

    __slots__ = ("values",)

    def __init__(self, values):
        self.values = frozenset(int(value) for value in values)

    def __repr__(self):
        return f"Ids({sorted(self.values)})"


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = sorted(self.rhs.values if isinstance(self.rhs, Ids) else self.rhs)
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*params, *ids]


# A foreign key looks its lookups up on its own classes only (`ForeignObject.get_lookups`), so on both.
Field.register_lookup(InIds)
ForeignObject.register_lookup(InIds)
