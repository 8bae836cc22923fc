"""Management costs of a partnership through the API: seen like the partnership, kept by its governments' editors."""

import datetime as dt
from decimal import Decimal

import pytest

from identity.models import Membership
from partnerships.models import PartnershipCost
from tests.api_helpers import client_for, employer_in, error_of, government, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipCostFactory, PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

URL = "/api/v1/partnership-costs/"


@pytest.fixture
def partnership():
    return PartnershipFactory()


def payload(partnership, **fields) -> dict:
    return {
        "partnership": partnership.pk,
        "amount": "8000.00",
        "currency": "GBP",
        "incurred_on": "2024-05-31",
        "description": "Monitoring and evaluation, May",
        **fields,
    }


@pytest.mark.parametrize("country", ["NG", "GB"])
def test_an_editor_of_either_government_records_changes_and_removes_a_cost(country, partnership):
    client = client_for(official(country))

    created = client.post(URL, payload(partnership))
    assert created.status_code == 201, created.json()
    cost_id = created.json()["id"]
    assert {k: created.json()[k] for k in ("category", "amount", "currency", "incurred_on")} == {
        "category": "management",
        "amount": "8000.00",
        "currency": "GBP",
        "incurred_on": "2024-05-31",
    }
    updated = client.patch(f"{URL}{cost_id}/", {"amount": "8250.50"})
    assert (updated.status_code, PartnershipCost.objects.get(pk=cost_id).amount) == (200, Decimal("8250.50"))
    assert client.delete(f"{URL}{cost_id}/").status_code == 204
    assert not PartnershipCost.objects.exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"amount": "0"},
            {"non_field_errors": ["Constraint “partnerships_partnershipcost_amount_positive” is violated."]},
        ),
        ({"category": "instruction"}, {"category": ['"instruction" is not a valid choice.']}),
        ({"currency": "gbp"}, {"currency": ["Use an ISO 4217 code of three capital letters."]}),
        ({"incurred_on": "1949-12-31"}, {"incurred_on": ["Ensure this value is greater than or equal to 1950-01-01."]}),
        ({"description": ""}, {"description": ["This field may not be blank."]}),
    ],
)
def test_an_invalid_cost_is_a_400(fields, errors, partnership):
    response = client_for(official("GB")).post(URL, payload(partnership, **fields))

    assert error_of(response, 400, "invalid")["errors"] == errors
    assert not PartnershipCost.objects.exists()


def test_a_government_viewer_reads_but_does_not_write(partnership):
    cost = PartnershipCostFactory(partnership=partnership)
    viewer = client_for(official("NG", role="viewer"))

    assert [row["id"] for row in viewer.get(URL).json()["results"]] == [cost.pk]
    error_of(viewer.post(URL, payload(partnership)), 403, "permission_denied")
    error_of(viewer.patch(f"{URL}{cost.pk}/", {"amount": "1.00"}), 403, "permission_denied")
    error_of(viewer.delete(f"{URL}{cost.pk}/"), 403, "permission_denied")
    assert list(PartnershipCost.objects.values_list("pk", "amount")) == [(cost.pk, Decimal("12000.00"))]


@pytest.mark.parametrize("kind", ["employer", "donor"])
def test_a_party_reads_the_costs_but_does_not_write(kind, partnership):
    cost = PartnershipCostFactory(partnership=partnership)
    organisation = employer_in("GB") if kind == "employer" else OrganisationFactory(kind="donor")
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=kind)
    client = client_for(member_of(organisation, "editor"))

    assert client.get(f"{URL}{cost.pk}/").json()["description"] == cost.description
    error_of(client.patch(f"{URL}{cost.pk}/", {"amount": "1.00"}), 403, "permission_denied")
    error_of(client.delete(f"{URL}{cost.pk}/"), 403, "permission_denied")
    error_of(client.post(URL, payload(partnership)), 403, "permission_denied")
    assert PartnershipCost.objects.count() == 1


def test_an_outside_government_sees_nothing_and_cannot_record(partnership):
    cost = PartnershipCostFactory(partnership=partnership)
    client = client_for(official("MA"))

    assert client.get(URL).json()["results"] == []
    error_of(client.get(f"{URL}{cost.pk}/"), 404, "not_found")
    error_of(client.patch(f"{URL}{cost.pk}/", {"amount": "1.00"}), 404, "not_found")
    body = error_of(client.post(URL, payload(partnership)), 400, "invalid")
    assert body["errors"] == {"partnership": [f'Invalid pk "{partnership.pk}" - object does not exist.']}
    assert PartnershipCost.objects.count() == 1


def test_a_cost_is_not_moved_to_a_partnership_the_editor_may_not_edit(partnership):
    cost = PartnershipCostFactory(partnership=partnership)
    elsewhere = PartnershipFactory(origin_country=country("MA"), destination_country=country("BE"))
    editor = official("GB")
    # The official also reads for the Moroccan government: they see the other partnership, but may not edit it.
    Membership.objects.create(user=editor, organisation=government("MA"), role="viewer")

    response = client_for(editor).patch(f"{URL}{cost.pk}/", {"partnership": elsewhere.pk})

    error_of(response, 403, "permission_denied")
    assert PartnershipCost.objects.get(pk=cost.pk).partnership == partnership


def test_staff_records_a_cost_anywhere(partnership, staff_client):
    response = staff_client.post(URL, payload(partnership, incurred_on=dt.date(2024, 7, 1).isoformat()))

    assert response.status_code == 201, response.json()
    assert PartnershipCost.objects.get().incurred_on == dt.date(2024, 7, 1)
