"""Pagination of the API's lists: bounded limits and offsets, and links to the next page."""

import pytest

from reference.models import Occupation
from tests.api_helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def occupations_205(db):
    """205 unit groups (bulk: the ISCO tree does not matter to pagination)."""
    Occupation.objects.bulk_create(Occupation(code=str(code), title=f"Group {code}") for code in range(1000, 1205))


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 50),
        ("limit=10", 10),
        ("limit=200", 200),
        ("limit=201", 200),
        ("limit=99999999999999999999", 200),
        ("limit=-5", 50),
        ("limit=abc", 50),
        ("offset=200", 5),
        ("limit=10&offset=10000000", 0),
    ],
)
def test_pagination_is_bounded(query, count, occupations_205, staff_client):
    response = staff_client.get(f"/api/v1/occupations/?{query}")

    assert response.status_code == 200
    assert (response.json()["count"], len(response.json()["results"])) == (205, count)


@pytest.mark.parametrize("offset", ["10000001", "99999999999999999999"])
def test_an_offset_beyond_ten_million_is_a_400(offset, staff_client):
    response = staff_client.get("/api/v1/partnerships/", {"offset": offset, "limit": "99999999999999999999"})

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"offset": ["Ensure this value is at most 10000000."]}


def test_the_first_page_links_to_the_next_with_the_capped_limit(occupations_205, staff_client):
    body = staff_client.get("/api/v1/occupations/?limit=500").json()

    assert body["next"] == "http://testserver/api/v1/occupations/?limit=200&offset=200"
    assert (body["previous"], body["results"][0]["code"], body["results"][-1]["code"]) == (None, "1000", "1199")
