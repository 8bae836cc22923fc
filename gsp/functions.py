"""Database functions the ORM does not offer in a form that gives the same answer on SQLite and PostgreSQL."""

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole days from the date `earlier` to the date `later` (negative when `later` comes first), as an integer.

    Django's own date subtraction gives a duration, which SQLite and PostgreSQL compute differently (microseconds
    from a text timestamp on SQLite, an interval on PostgreSQL) and which compares with a date only through
    timestamps; whole days compare exactly with a number of days on both, so "more than 60 days" means the same
    everywhere. NULL when either date is NULL.
    """

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: subtracting two dates gives an integer number of days.
        sql, params = compiler.compile(self.source_expressions[0])
        sql2, params2 = compiler.compile(self.source_expressions[1])
        return f"(CAST({sql} AS date) - CAST({sql2} AS date))", (*params, *params2)

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of two ISO dates differs by a whole number of days; ROUND guards against float noise.
        sql, params = compiler.compile(self.source_expressions[0])
        sql2, params2 = compiler.compile(self.source_expressions[1])
        return f"CAST(ROUND(julianday({sql}) - julianday({sql2})) AS INTEGER)", (*params, *params2)
