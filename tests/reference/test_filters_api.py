"""The filters and orderings of the reference data's lists (exchange rates, domestic training costs, occupations,
countries) through the API, on the small world of tests/conftest.py."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

# What identifies a row of each collection in the expectations below.
KEY = {
    "exchange-rates": "date",
    "domestic-training-costs": "year",
    "occupations": "code",
    "countries": "code",
}

FILTERS = [
    ("exchange-rates", "base_currency=EUR", ["2024-06-01"]),
    ("exchange-rates", "quote_currency=GBP&date_after=2024-06-01", ["2025-01-01"]),
    ("exchange-rates", "base_currency=NGN&date_before=2024-06-01", ["2024-01-01"]),
    ("domestic-training-costs", "country=BE", [2024]),
    ("domestic-training-costs", "occupation=22", [2024, 2023]),
    ("domestic-training-costs", "year=2023", [2023]),
    ("occupations", "level=4", ["2221", "2512", "7212"]),
    ("occupations", "parent=222", ["2221"]),
    ("occupations", "q=soft", ["2512"]),
    ("occupations", "q=22", ["22", "222", "2221"]),
    ("occupations", "level=7", []),
    ("countries", "currency=EUR", ["BE", "DE"]),
    ("countries", "q=nigeria", ["NG"]),
    ("countries", "q=ma", ["DE", "MA"]),
]


@pytest.mark.parametrize(("path", "query", "expected"), FILTERS)
def test_filters(path, query, expected, world, staff_client):
    response = staff_client.get(f"/api/v1/{path}/?{query.format(**world)}")

    assert response.status_code == 200, response.json()
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    assert [str(row[KEY[path]]) for row in rows] == [str(e).format(**world) for e in expected]
