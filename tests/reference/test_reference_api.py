"""Reference data through the API (countries, occupations, exchange rates, domestic training costs, the WHO
safeguards list): read by everyone signed in, written by staff."""

import pytest

from reference.loaders import load_countries
from reference.models import DomesticTrainingCost, ExchangeRate
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.reference.factories import (
    DomesticTrainingCostFactory,
    ExchangeRateFactory,
    HealthSafeguardsListFactory,
    OccupationFactory,
    country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

REFERENCE = {
    "exchange-rates": (
        ExchangeRate,
        ExchangeRateFactory,
        {"base_currency": "EUR", "quote_currency": "MAD", "date": "2024-01-01", "rate": "10.85000000"},
        {"rate": "11.00000000"},
    ),
    "domestic-training-costs": (
        DomesticTrainingCost,
        DomesticTrainingCostFactory,
        {"country": "DE", "occupation": "2221", "year": 2024, "amount": "24000.00", "currency": "EUR"},
        {"amount": "25000.00"},
    ),
}


@pytest.fixture
def reference_rows(db):
    country("DE"), OccupationFactory(code="2221")
    return {path: factory() for path, (_, factory, _, _) in REFERENCE.items()}


@pytest.mark.parametrize("path", sorted(REFERENCE))
def test_reference_data_is_read_by_any_signed_in_user(path, reference_rows):
    client = client_for(member_of(employer_in("MA"), "viewer"))

    response = client.get(f"/api/v1/{path}/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [reference_rows[path].pk]
    error_of(client_for(None).get(f"/api/v1/{path}/"), 401, "not_authenticated")


@pytest.mark.parametrize("path", sorted(REFERENCE))
def test_reference_data_is_written_by_staff_only(path, reference_rows, staff_client):
    model, _, payload, change = REFERENCE[path]
    row = reference_rows[path]
    admin = client_for(official("GB", role="admin"))

    error_of(admin.post(f"/api/v1/{path}/", payload), 403, "permission_denied")
    error_of(admin.patch(f"/api/v1/{path}/{row.pk}/", change), 403, "permission_denied")
    error_of(admin.delete(f"/api/v1/{path}/{row.pk}/"), 403, "permission_denied")
    assert model.objects.count() == 1

    created = staff_client.post(f"/api/v1/{path}/", payload)
    patched = staff_client.patch(f"/api/v1/{path}/{row.pk}/", change)

    assert created.status_code == 201
    assert {key: patched.json()[key] for key in change} == change
    assert model.objects.count() == 2


def test_all_249_countries_are_listed_read_only():
    assert load_countries() == 249
    client = client_for(member_of(employer_in("GB"), "viewer"))

    response = client.get("/api/v1/countries/")

    assert response.status_code == 200
    assert len(response.json()) == 249
    assert {"code": "NG", "name": "Nigeria", "currency": "NGN", "on_safeguards_list": False} in response.json()
    error_of(client.post("/api/v1/countries/", {"code": "XX", "name": "Nowhere"}), 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["countries/NG/", "occupations/2221/"])
def test_reference_details_cannot_be_changed_even_by_staff(path, staff_client):
    country("NG"), OccupationFactory(code="2221")

    error_of(staff_client.patch(f"/api/v1/{path}", {"name": "Changed"}), 405, "method_not_allowed")
    error_of(staff_client.delete(f"/api/v1/{path}"), 405, "method_not_allowed")


def test_occupations_are_read_only(staff_client):
    OccupationFactory(code="2221")

    listed = staff_client.get("/api/v1/occupations/?ordering=code").json()
    posted = staff_client.post("/api/v1/occupations/", {"code": "2222", "title": "Midwives", "parent": "222"})

    assert [(o["code"], o["level"], o["is_health"]) for o in listed["results"]] == [
        ("2", 1, False),
        ("22", 2, True),
        ("222", 3, True),
        ("2221", 4, True),
    ]
    error_of(posted, 405, "method_not_allowed")


def test_countries_say_whether_they_are_on_the_current_safeguards_list():
    HealthSafeguardsListFactory(version="2020", countries=[country("KI"), country("NG")])
    HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG"), country("PG")])
    client = client_for(official("GB", role="viewer"))

    listed = client.get("/api/v1/countries/?currency=AUD").json() + client.get("/api/v1/countries/?q=Nigeria").json()
    detail = client.get("/api/v1/countries/PG/").json()

    assert [(c["code"], c["on_safeguards_list"]) for c in listed] == [("AU", False), ("KI", False), ("NG", True)]
    assert detail == {"code": "PG", "name": "Papua New Guinea", "currency": "PGK", "on_safeguards_list": True}
