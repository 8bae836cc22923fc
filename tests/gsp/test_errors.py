"""Every API error has one JSON shape: {"status", "code", "detail"}, plus "errors" for invalid data and refusals."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from identity.models import Organisation
from partnerships.models import Partnership
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.identity.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.training.factories import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_invalid_fields_are_a_400_with_every_field_error():
    response = client_for(official("GB")).post(
        "/api/v1/partnerships/", {"code": "not a slug", "origin_country": "NG", "destination_country": "NG"}
    )

    body = error_of(response, 400, "invalid")
    assert body["detail"] == "Some fields are invalid."
    assert body["errors"] == {
        "code": ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'],
        "title": ["This field is required."],
        "reporting_currency": ["This field is required."],
    }


def test_a_model_rule_is_a_400_on_its_field():
    response = client_for(official("GB")).post(
        "/api/v1/partnerships/",
        {"code": "x", "title": "X", "origin_country": "GB", "destination_country": "GB", "reporting_currency": "GBP"},
    )

    assert error_of(response, 400, "invalid")["errors"] == {
        "destination_country": ["The destination must differ from the origin."]
    }
    assert not Partnership.objects.exists()


def test_an_anonymous_request_is_a_401_asking_for_a_token():
    response = APIClient().get("/api/v1/partnerships/")

    body = error_of(response, 401, "not_authenticated")
    assert body["detail"] == "Authentication credentials were not provided."
    assert response.headers["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token gsp_000000000000_unknown", "Invalid, expired or revoked token."),
        ("Token", "Invalid token header: give the key after the keyword."),
        ("Bearer a b", "Invalid token header: give the key after the keyword."),
    ],
)
def test_a_bad_token_is_a_401(header, detail):
    response = APIClient().get("/api/v1/partnerships/", HTTP_AUTHORIZATION=header)

    assert error_of(response, 401, "authentication_failed")["detail"] == detail
    assert response.headers["WWW-Authenticate"] == "Token"


def test_a_forbidden_change_is_a_403():
    partnership = PartnershipFactory()

    response = client_for(official("GB", role="viewer")).delete(f"/api/v1/partnerships/{partnership.pk}/")

    assert error_of(response, 403, "permission_denied")["detail"] == "You may see this object but not delete it."


@pytest.mark.parametrize("path", ["partnerships/{pk}/", "partnerships/{pk}/history/", "partnerships/{pk}/transitions/"])
def test_an_invisible_object_is_answered_exactly_like_a_missing_one(path):
    partnership = PartnershipFactory()
    client = client_for(official("MA"))

    invisible = client.get("/api/v1/" + path.format(pk=partnership.pk))
    missing = client.get("/api/v1/" + path.format(pk=partnership.pk + 1000))

    assert error_of(invisible, 404, "not_found") == error_of(missing, 404, "not_found")
    assert invisible.json() == {"status": 404, "code": "not_found", "detail": "Not found."}


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999", "-1", "1.5"])
def test_an_id_that_is_no_id_is_a_404(pk, staff_client):
    PartnershipFactory()

    error_of(staff_client.get(f"/api/v1/partnerships/{pk}/"), 404, "not_found")


def test_a_method_the_resource_does_not_offer_is_a_405_with_allow():
    response = client_for(official("GB")).put("/api/v1/countries/", {})

    assert error_of(response, 405, "method_not_allowed")["detail"] == 'Method "PUT" not allowed.'
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_deleting_a_partnership_with_cohorts_is_a_409(staff_client):
    cohort = CohortFactory()

    response = staff_client.delete(f"/api/v1/partnerships/{cohort.partnership_id}/")

    body = error_of(response, 409, "referenced")
    assert body["detail"] == "This object is still referenced by cohorts; it cannot be deleted."
    assert Partnership.objects.filter(pk=cohort.partnership_id).exists()


def test_deleting_an_organisation_that_is_a_party_is_a_409(staff_client):
    party = PartnershipPartyFactory(organisation=employer_in("GB"))

    response = staff_client.delete(f"/api/v1/organisations/{party.organisation_id}/")

    body = error_of(response, 409, "referenced")
    assert body["detail"] == "This object is still referenced by partnership parties; it cannot be deleted."
    assert Organisation.objects.filter(pk=party.organisation_id).exists()


def test_malformed_json_is_a_400():
    client = client_for(official("GB"))

    response = client.generic("POST", "/api/v1/partnerships/", '{"code": "x",', content_type="application/json")

    body = error_of(response, 400, "parse_error")
    assert (
        body["detail"]
        == "JSON parse error - Expecting property name enclosed in double quotes: line 1 column 14 (char 13)"
    )
    assert not Partnership.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400():
    response = client_for(official("GB")).post("/api/v1/partnerships/", ["code"])

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


def test_a_wrong_content_type_is_a_415():
    response = client_for(official("GB")).generic("POST", "/api/v1/partnerships/", "code=x", content_type="text/plain")

    body = error_of(response, 415, "unsupported_media_type")
    assert body["detail"] == 'Unsupported media type "text/plain" in request.'


@pytest.fixture
def session_client():
    """A browser-like client signed in with a session, which must send the CSRF token on writes."""
    user = member_of(employer_in("GB"), "admin", username="browser")
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username=user.username, password="correct-horse-battery")
    return client


def test_session_authentication_enforces_csrf(session_client):
    employer = Organisation.objects.get()

    response = session_client.patch(f"/api/v1/organisations/{employer.pk}/", {"sector": "health"})

    assert error_of(response, 403, "permission_denied")["detail"] == "CSRF Failed: CSRF cookie not set."
    assert Organisation.objects.get().sector == ""


def test_session_authentication_with_the_csrf_token_writes(session_client):
    employer = Organisation.objects.get()
    session_client.get("/accounts/login/")  # sets the csrftoken cookie, as any page of the site does

    response = session_client.patch(
        f"/api/v1/organisations/{employer.pk}/",
        {"sector": "health"},
        HTTP_X_CSRFTOKEN=session_client.cookies["csrftoken"].value,
    )

    assert response.status_code == 200
    assert Organisation.objects.get().sector == "health"


def test_a_session_read_needs_no_csrf_token(session_client):
    assert session_client.get("/api/v1/organisations/").json()["count"] == 1


def test_an_inactive_users_session_is_a_401():
    user = UserFactory()
    client = APIClient()
    client.force_login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = client.get("/api/v1/partnerships/")

    error_of(response, 401, "not_authenticated")
