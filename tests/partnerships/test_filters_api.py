"""The filters and orderings of the partnerships app's lists (partnerships, programmes, parties, amendments,
management costs) through the API, on the small world of tests/conftest.py."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

# What identifies a row of each collection in the expectations below.
KEY = {
    "partnerships": "code",
    "programmes": "code",
    "partnership-parties": "organisation",
    "amendments": "number",
    "partnership-costs": "description",
}

FILTERS = [
    ("partnerships", "status=draft", ["ng-gb-nursing"]),
    ("partnerships", "status=draft&status=signed", ["ki-au-aptc", "ng-gb-nursing"]),
    ("partnerships", "origin_country=MA", ["ma-be-ict"]),
    ("partnerships", "destination_country=AU", ["ki-au-aptc"]),
    ("partnerships", "country=gb", ["ng-gb-nursing"]),
    ("partnerships", "country=BE", ["ma-be-ict"]),
    ("partnerships", "programme={thamm}", ["ma-be-ict"]),
    ("partnerships", "occupation=2221", ["ng-gb-nursing"]),
    ("partnerships", "q=ict", ["ma-be-ict"]),
    ("partnerships", "q=kiribati", ["ki-au-aptc"]),
    ("partnerships", "g2g_agreement=true", ["ki-au-aptc"]),
    ("partnerships", "ordering=-code", ["ng-gb-nursing", "ma-be-ict", "ki-au-aptc"]),
    ("programmes", "funder={dfat}", ["aptc"]),
    ("programmes", "ordering=-code", ["thamm", "aptc"]),
    ("partnership-parties", "partnership={ng_gb}", ["{nhs}", "{school}"]),
    ("partnership-parties", "organisation={agoria}", ["{agoria}"]),
    ("partnership-parties", "role=training_provider", ["{school}"]),
    ("amendments", "partnership={ki_au}", [1, 2]),
    ("amendments", "status=rejected", [2]),
    ("partnership-costs", "partnership={ng_gb}", ["evaluation", "coordination"]),
    ("partnership-costs", "incurred_after=2024-04-15", ["monitoring", "evaluation"]),
    ("partnership-costs", "incurred_before=2024-04-15", ["monitoring", "coordination"]),
    ("partnership-costs", "incurred_after=2024-03-01&incurred_before=2024-06-29", ["monitoring"]),
    ("partnership-costs", "currency=AUD", ["monitoring"]),
    ("partnership-costs", "ordering=-amount", ["monitoring", "coordination", "evaluation"]),
]


@pytest.mark.parametrize(("path", "query", "expected"), FILTERS)
def test_filters(path, query, expected, world, staff_client):
    response = staff_client.get(f"/api/v1/{path}/?{query.format(**world)}")

    assert response.status_code == 200, response.json()
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    assert [str(row[KEY[path]]) for row in rows] == [str(e).format(**world) for e in expected]
