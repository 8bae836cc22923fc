"""Every list endpoint of the API makes as many queries for 20 rows as for 2 (DESIGN §8): no query per row.

The endpoints come from the router itself, so a resource added later is checked too; it needs a row maker in
tests/rows.py, and the test fails until it has one.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gsp.api.urls import router
from tests.rows import ROWS


def list_queries(client, url: str, rows: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body if isinstance(body, list) else body["results"]) == rows
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "basename"), [(prefix, basename) for prefix, _, basename in router.registry])
def test_a_list_makes_as_many_queries_for_20_rows_as_for_2(prefix, basename, staff_client):
    make = ROWS.get(basename)
    assert make is not None, f"add a row maker for the new endpoint {prefix!r} to ROWS in tests/rows.py"
    url = f"/api/v1/{prefix}/"
    staff_client.get(url)  # per-user caches (the user's scope) fill on the first request
    for i in range(2):
        make(i)

    two = list_queries(staff_client, url, 2)
    for i in range(2, 20):
        make(i)
    twenty = list_queries(staff_client, url, 20)

    assert len(twenty) == len(two), "\n".join(twenty)
    # A page of an unordered query may repeat or skip rows from one page to the next (GROUP BY drops Meta.ordering).
    pages = [sql for sql in twenty if re.search(r"\bLIMIT 50\b", sql)]
    assert [sql for sql in pages if "ORDER BY" not in sql] == []
