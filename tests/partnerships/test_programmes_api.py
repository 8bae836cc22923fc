"""Programmes through the API: groups of partnerships run as one, each with the currency of its reports."""

import pytest

from partnerships.models import Programme
from tests.api_helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

URL = "/api/v1/programmes/"


def test_a_programme_reports_in_its_own_currency(staff_client):
    response = staff_client.post(URL, {"code": "aptc", "title": "Australia Pacific Training Coalition",
                                       "reporting_currency": "AUD"})  # fmt: skip

    assert (response.status_code, response.json()["reporting_currency"]) == (201, "AUD"), response.json()
    changed = staff_client.patch(f"{URL}{response.json()['id']}/", {"reporting_currency": "FJD"})
    assert (changed.status_code, Programme.objects.get().reporting_currency) == (200, "FJD")


@pytest.mark.parametrize(
    ("currency", "error"),
    [(None, "This field is required."), ("aud", "Use an ISO 4217 code of three capital letters.")],
)
def test_a_programme_without_a_valid_currency_is_a_400(currency, error, staff_client):
    body = {"code": "aptc", "title": "APTC"} | ({"reporting_currency": currency} if currency else {})

    response = staff_client.post(URL, body)

    assert error_of(response, 400, "invalid")["errors"] == {"reporting_currency": [error]}
    assert not Programme.objects.exists()
