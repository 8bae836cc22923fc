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
    """The first `%(limit)s` distinct ids over the keys of the array parameter `keys` (each key's first `limit`, in id
    order, within `where`)."""
    # Names come from the models (quoted) and the direction is ASC or DESC; every value is a parameter.
    return (
        f"(SELECT page.id FROM unnest(%({keys})s::{key_type}[]) AS key(value) CROSS JOIN LATERAL ("  # noqa: S608
        f"SELECT {id_column} AS id FROM {table} WHERE {key_column} = key.value{where} "
        f"ORDER BY {id_column} {order} LIMIT %(limit)s) AS page "
        # distinct: a person in two of the user's cohorts is one row of the page, not two of its `limit`
        f"GROUP BY page.id ORDER BY page.id {order} LIMIT %(limit)s)"
    )


def _first(connection, parts: list[str], params: dict, order: str) -> list[int]:
    """The first `limit` distinct ids of the union of `parts`, in order."""
    union = " UNION ALL ".join(parts)
    sql = f"SELECT id FROM ({union}) AS candidates GROUP BY id ORDER BY id {order} LIMIT %(limit)s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def visible_trainee_ids(scope: Scope, *, after: int | None, limit: int, descending: bool = False) -> list[int] | None:
    """The ids of the first `limit` people `scope` sees after the id `after` (before it when `descending`), in that
    order; None where this does not apply (staff, anonymous, a database other than PostgreSQL).

    Two queries: first the keys that are few (organisations, countries, granted ids); when they fill a page, its last
    id bounds the cohorts' ranges (a ministry's nationals bound its thousand cohorts to the few ids before it), then
    the cohorts' keys within that bound. Exact: the first `limit` of the union lie within the bound, and a cohort's
    first `limit` within it hold every one of them the cohort holds."""
    connection = connections[router.db_for_read(Trainee)]
    if scope.is_staff or scope.is_anonymous or connection.vendor != "postgresql":
        return None
    if TraineeQuerySet.visibility_grants:  # a reason given as a rule, not as ids: only the rule itself knows it
        return None
    reach = trainee_reach(scope)
    granted = Trainee.objects.granted_ids(scope)
    order, beyond, within = ("DESC", "<", ">=") if descending else ("ASC", ">", "<=")
    params = {
        "cohorts": sorted(reach.cohorts),
        "registered_by": reach.registered_by,
        "countries": reach.countries,
        "granted": sorted(granted),
        "after": after,
        "limit": limit,
        "bound": None,
    }

    def where(column: str) -> str:
        after_key = "" if after is None else f" AND {column} {beyond} %(after)s"
        bound = "" if params["bound"] is None else f" AND {column} {within} %(bound)s"
        return after_key + bound

    quote = connection.ops.quote_name
    trainee, trainee_id = quote(Trainee._meta.db_table), quote(Trainee._meta.pk.column)
    few = [
        _per_key(
            key, key_type, trainee, quote(Trainee._meta.get_field(field).column), trainee_id, where(trainee_id), order
        )
        for key, key_type, field in (("registered_by", "bigint", "registered_by"), ("countries", "text", "nationality"))
    ]
    granted_ids = f"{trainee_id} = ANY(%(granted)s::bigint[]){where(trainee_id)}"
    few.append(f"SELECT {trainee_id} AS id FROM {trainee} WHERE {granted_ids}")  # noqa: S608 (as in _per_key)
    found = _first(connection, few, params, order)
    if not reach.cohorts:
        return found
    if len(found) == limit:
        params["bound"] = found[-1]
    by_cohort = []
    for model in (Enrollment, Application):
        column = quote(model._meta.get_field("trainee").column)
        cohort = quote(model._meta.get_field("cohort").column)
        by_cohort.append(
            _per_key("cohorts", "bigint", quote(model._meta.db_table), cohort, column, where(column), order)
        )
    ids = set(found) | set(_first(connection, by_cohort, params, order))
    return sorted(ids, reverse=descending)[:limit]
