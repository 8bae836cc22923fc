"""Management cost pages: the list (filtered, money right-aligned with its currency, flat query count), a cost's page
and history, and adding, changing and deleting by the partnership's editors only."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerships.models import PartnershipCost
from tests.partnerships.factories import PartnershipCostFactory, PartnershipFactory
from tests.partnerships.pages import (
    EDITORS,
    OUTSIDERS,
    READERS,
    assert_flat_page,
    browser,
    element,
    make_partnership,
    make_users,
    text_of,
)
from tests.reference.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def users(partnership):
    return make_users(partnership)


@pytest.fixture
def cost(partnership):
    return PartnershipCostFactory(partnership=partnership, amount=Decimal("12000.50"), description="Coordination unit")


def page_of(cost) -> str:
    return f"/partnerships/costs/{cost.pk}/"


NEW = {"description": "Monitoring visit", "amount": "4500.00", "currency": "GBP", "incurred_on": "2024-06-30"}


@pytest.mark.parametrize("role", [*EDITORS, *READERS, "staff"])
def test_governments_and_parties_see_the_costs(cost, users, role):
    client = browser(users[role])

    listed = client.get("/partnerships/costs/")
    page = client.get(page_of(cost))

    assert element(listed, "row-count") == "1 row"
    assert '<td class="text-end text-nowrap">£12,000.50</td>' in listed.content.decode()
    assert page.status_code == 200 and element(page, "cost-amount") == "£12,000.50"
    assert client.get(f"{page_of(cost)}history/").status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_costs_outside_ones_view_are_404(cost, users, role):
    client = browser(users[role])

    assert element(client.get("/partnerships/costs/"), "row-count") == "0 rows"
    for url in (page_of(cost), f"{page_of(cost)}history/", f"{page_of(cost)}edit/", f"{page_of(cost)}delete/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{page_of(cost)}delete/").status_code == 404
    assert PartnershipCost.objects.filter(pk=cost.pk).exists()


def test_the_list_filters_by_partnership_and_exports_what_it_shows(cost, users):
    other = PartnershipFactory(code="other", origin_country=country("NG"))
    PartnershipCostFactory(partnership=other, description="Elsewhere")
    client = browser(users["origin_editor"])

    listed = client.get(f"/partnerships/costs/?partnership={cost.partnership_id}")
    exported = client.get(f"/partnerships/costs/?partnership={cost.partnership_id}&export=csv")

    assert element(listed, "row-count") == "1 row"
    assert f'href="/partnerships/costs/add/?partnership={cost.partnership_id}"' in listed.content.decode()
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert b"Coordination unit" in body and b"Elsewhere" not in body


def test_the_list_is_flat(partnership, users):
    assert_flat_page(
        browser(users["origin_editor"]), "/partnerships/costs/", lambda: PartnershipCostFactory(partnership=partnership)
    )


@pytest.mark.parametrize("role", EDITORS)
def test_an_editor_adds_changes_and_deletes_a_cost(partnership, users, role):
    client = browser(users[role])

    form = client.get(f"/partnerships/costs/add/?partnership={partnership.pk}")
    added = client.post("/partnerships/costs/add/", NEW | {"partnership": partnership.pk})
    cost = PartnershipCost.objects.get(description="Monitoring visit")
    changed = client.post(f"{page_of(cost)}edit/", NEW | {"partnership": partnership.pk, "amount": "4750.25"})
    deleted = client.post(f"{page_of(cost)}delete/")

    assert form.status_code == 200
    assert f'<option value="{partnership.pk}" selected>' in form.content.decode()
    assert added.status_code == 302 and added["Location"] == page_of(cost)
    assert (cost.partnership, cost.amount, cost.currency, cost.incurred_on, cost.category) == (
        partnership, Decimal("4500.00"), "GBP", dt.date(2024, 6, 30), "management",
    )  # fmt: skip
    assert changed.status_code == 302
    assert deleted.status_code == 302
    assert not PartnershipCost.objects.filter(pk=cost.pk).exists()


def test_an_invalid_cost_is_a_400_with_the_input_kept(partnership, users):
    response = browser(users["origin_editor"]).post(
        "/partnerships/costs/add/", NEW | {"partnership": partnership.pk, "amount": "-5", "incurred_on": "someday"}
    )

    assert response.status_code == 400
    assert 'value="Monitoring visit"' in response.content.decode()
    summary = element(response, "error-summary")
    assert "Incurred on: Enter a valid date." in summary
    assert 'id="id_incurred_on_error"' in response.content.decode()
    assert not PartnershipCost.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_viewers_and_parties_cannot_change_costs(cost, users, role):
    client = browser(users[role])

    assert client.get(f"{page_of(cost)}edit/").status_code == 403
    assert client.post(f"{page_of(cost)}edit/", NEW | {"partnership": cost.partnership_id}).status_code == 403
    assert client.post(f"{page_of(cost)}delete/").status_code == 403
    added = client.post("/partnerships/costs/add/", NEW | {"partnership": cost.partnership_id})
    assert added.status_code == 400  # not a partnership they may choose
    assert list(PartnershipCost.objects.values_list("description", flat=True)) == ["Coordination unit"]
    assert "Add a management cost" not in text_of(client.get("/partnerships/costs/"))
