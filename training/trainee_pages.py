"""A page of the people a user sees, in id order, read from the keys of the visibility rule.

A person is seen for any of several reasons (`training.querysets.TraineeReach`): registered by one of the user's
organisations, applied to or enrolled in a cohort the user reaches, a national of the user's country, or named by a
higher app (an employer: the people who accepted its offers). No one index holds them all, so walking the whole list
in order and testing the rule on each row passed, at a million people, hundreds of thousands of other organisations'
people before a page (seconds; docs/PERFORMANCE.md, "Lists").

Here each key is an index range in id order, one per cohort, organisation and country (`(cohort, trainee)` on
enrollments and applications, `(registered_by, id)` and `(nationality, id)` on trainees): the first `limit` ids of
each after the cursor, merged in one query (a LATERAL join over each list of keys), give the page's ids, the first
`limit` distinct ones. Exact: an id among the first `limit` in id order of the union is, in any key that holds it,
preceded only by ids that precede it in the union, so it is among that key's first `limit`. The rows are then read by
id through the visibility rule itself (`TraineeViewSet`), so this can narrow what a user sees, never widen it.

PostgreSQL only (arrays, LATERAL); elsewhere, and for staff, who see everyone (the id index is the list), the list walks
the rule as before.
"""

from django.db import connections, router

from identity.access import Scope

from .models import Application, Enrollment, Trainee
from .querysets import TraineeQuerySet, trainee_reach


def _per_key(keys: str, key_type: str, table: str, key_column: str, id_column: str, where: str, order: str) -> str:
    """The first `%(limit)s` ids at each key of the array parameter `keys`, in id order, after the cursor."""
    # Names come from the models (quoted) and the direction is ASC or DESC; every value is a parameter.
    return (
        f"(SELECT page.id FROM unnest(%({keys})s::{key_type}[]) AS key(value) CROSS JOIN LATERAL ("  # noqa: S608
        f"SELECT {id_column} AS id FROM {table} WHERE {key_column} = key.value{where} "
        f"ORDER BY {id_column} {order} LIMIT %(limit)s) AS page ORDER BY page.id {order} LIMIT %(limit)s)"
    )


def visible_trainee_ids(scope: Scope, *, after: int | None, limit: int, descending: bool = False) -> list[int] | None:
    """The ids of the first `limit` people `scope` sees after the id `after` (before it when `descending`), in that
    order; None where this does not apply (staff, anonymous, a database other than PostgreSQL)."""
    connection = connections[router.db_for_read(Trainee)]
    if scope.is_staff or scope.is_anonymous or connection.vendor != "postgresql":
        return None
    if TraineeQuerySet.visibility_grants:  # a reason given as a rule, not as ids: only the rule itself knows it
        return None
    reach = trainee_reach(scope)
    granted = set()
    for source in TraineeQuerySet.id_grants:
        granted |= source(scope).values
    order, beyond = ("DESC", "<") if descending else ("ASC", ">")

    def where(column: str) -> str:
        return "" if after is None else f" AND {column} {beyond} %(after)s"

    quote = connection.ops.quote_name
    trainee, trainee_id = quote(Trainee._meta.db_table), quote(Trainee._meta.pk.column)
    parts = []
    for model in (Enrollment, Application):
        column = quote(model._meta.get_field("trainee").column)
        cohort = quote(model._meta.get_field("cohort").column)
        parts.append(_per_key("cohorts", "bigint", quote(model._meta.db_table), cohort, column, where(column), order))
    for key, key_type, field in (("registered_by", "bigint", "registered_by"), ("countries", "text", "nationality")):
        column = quote(Trainee._meta.get_field(field).column)
        parts.append(_per_key(key, key_type, trainee, column, trainee_id, where(trainee_id), order))
    granted_ids = f"{trainee_id} = ANY(%(granted)s::bigint[]){where(trainee_id)}"
    parts.append(f"SELECT {trainee_id} AS id FROM {trainee} WHERE {granted_ids}")  # noqa: S608 (as in _per_key)
    union = " UNION ALL ".join(parts)
    sql = f"SELECT id FROM ({union}) AS candidates GROUP BY id ORDER BY id {order} LIMIT %(limit)s"  # noqa: S608
    params = {
        "cohorts": sorted(reach.cohorts),
        "registered_by": reach.registered_by,
        "countries": reach.countries,
        "granted": sorted(granted),
        "after": after,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
