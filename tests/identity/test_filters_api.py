"""The filters and orderings of the identity app's lists (organisations, memberships, tokens) through the API, on
the small world of tests/conftest.py."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

# What identifies a row of each collection in the expectations below.
KEY = {
    "organisations": "name",
    "memberships": "username",
    "tokens": "name",
}

FILTERS = [
    ("organisations", "kind=employer", ["Agoria", "NHS Trust"]),
    ("organisations", "country=NG", ["Lagos Nursing School", "NG ministry"]),
    ("organisations", "q=trust", ["NHS Trust"]),
    ("organisations", "kind=government&ordering=-name", ["NG ministry", "MA ministry", "GB ministry", "BE ministry"]),
    ("memberships", "organisation={nhs}", ["nhs-admin", "nhs-viewer"]),
    ("memberships", "role=admin", ["nhs-admin"]),
    ("memberships", "organisation={agoria}", ["agoria-editor"]),
    ("tokens", "organisation={dfat}", ["crm"]),
    ("tokens", "role=viewer", ["erp"]),
]


@pytest.mark.parametrize(("path", "query", "expected"), FILTERS)
def test_filters(path, query, expected, world, staff_client):
    response = staff_client.get(f"/api/v1/{path}/?{query.format(**world)}")

    assert response.status_code == 200, response.json()
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    assert [str(row[KEY[path]]) for row in rows] == [str(e).format(**world) for e in expected]
