"""Expenditures through the API: a government records them, unseen by the training centre; filters; the list's
query count is flat."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.api_helpers import assert_flat, client_for, ids, official
from tests.training.factories import ExpenditureFactory
from training.models import Expenditure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_a_government_records_an_expenditure_that_the_centre_does_not_see(partnership, cohort, provider):
    body = {
        "partnership": partnership.pk, "cohort": cohort.pk, "category": "instruction", "amount": "25000.00",
        "currency": "GBP", "spent_on": "2024-02-01", "payer_role": "destination_government", "reference": "INV-7",
    }  # fmt: skip

    response = client_for(official("GB")).post("/api/v1/expenditures/", body)

    assert response.status_code == 201, response.json()
    assert Expenditure.objects.get().amount == Decimal("25000.00")
    assert client_for(provider).get(f"/api/v1/expenditures/{response.json()['id']}/").status_code == 404


def test_expenditures_filter_by_category_and_date(partnership, staff_client):
    early = ExpenditureFactory(partnership=partnership, category="stipend", spent_on=dt.date(2024, 1, 15))
    late = ExpenditureFactory(partnership=partnership, category="instruction", spent_on=dt.date(2024, 9, 1))
    ExpenditureFactory(category="stipend")

    assert ids(staff_client.get("/api/v1/expenditures/", {"partnership": partnership.pk, "category": "stipend"})) == [
        early.pk
    ]
    assert ids(staff_client.get("/api/v1/expenditures/", {"country": "ng", "spent_after": "2024-06-01"})) == [late.pk]


def test_expenditures_list_is_flat(partnership):
    assert_flat(
        client_for(official("NG")), "/api/v1/expenditures/", lambda: ExpenditureFactory(partnership=partnership)
    )
