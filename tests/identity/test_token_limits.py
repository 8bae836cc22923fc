"""What a token may never do (findings 14–16): have its membership changed behind its back, manage memberships,
or live for ever."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from identity.models import Membership
from identity.services import token_create
from tests.api_helpers import client_for, error_of, member_of
from tests.identity.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def admin(organisation):
    return member_of(organisation, "admin")


def make_token(organisation, role: str = "viewer", days: int = 30):
    return token_create(
        organisation=organisation, name=f"erp {role}", role=role, expires_at=timezone.now() + dt.timedelta(days=days)
    )


def with_key(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


def test_an_admin_cannot_raise_a_tokens_role_through_its_membership(organisation, admin):
    token, _key = make_token(organisation, "viewer")
    membership = Membership.objects.get(user=token.user)
    response = client_for(admin).patch(f"/api/v1/memberships/{membership.pk}/", {"role": "admin"}, format="json")
    assert "revoke the token" in error_of(response, 409, "refused")["detail"]
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_an_admin_cannot_remove_a_tokens_membership(organisation, admin):
    token, _key = make_token(organisation, "viewer")
    membership = Membership.objects.get(user=token.user)
    error_of(client_for(admin).delete(f"/api/v1/memberships/{membership.pk}/"), 409, "refused")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_token_cannot_invite_members(organisation, admin):
    _token, key = make_token(organisation, "admin")
    body = {"organisation": organisation.pk, "email": "new.admin@example.org", "role": "admin"}
    response = with_key(key).post("/api/v1/memberships/", body, format="json")
    assert "A token cannot manage memberships" in error_of(response, 403, "permission_denied")["detail"]
    assert not Membership.objects.filter(user__username="new.admin@example.org").exists()


def test_an_admin_token_cannot_change_or_remove_members(organisation, admin):
    _token, key = make_token(organisation, "admin")
    person = Membership.objects.get(user=member_of(organisation, "viewer"))
    error_of(
        with_key(key).patch(f"/api/v1/memberships/{person.pk}/", {"role": "admin"}, format="json"),
        403,
        "permission_denied",
    )
    error_of(with_key(key).delete(f"/api/v1/memberships/{person.pk}/"), 403, "permission_denied")
    person.refresh_from_db()
    assert person.role == "viewer"


def test_an_admin_token_still_reads_memberships(organisation, admin):
    _token, key = make_token(organisation, "admin")
    assert with_key(key).get("/api/v1/memberships/").status_code == 200


def create(admin, organisation, expires_at: str):
    body = {"name": "erp", "organisation": organisation.pk, "role": "viewer", "expires_at": expires_at}
    return client_for(admin).post("/api/v1/tokens/", body, format="json")


def in_days(days: float) -> str:
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def test_a_token_may_live_a_year(organisation, admin):
    assert create(admin, organisation, in_days(364.99)).status_code == 201


@pytest.mark.parametrize(
    "expires_at",
    [lambda: in_days(365.01), lambda: "9999-12-31T23:59:59Z"],
    ids=["a-year-and-a-quarter-hour", "year-9999"],
)
def test_a_token_lives_no_longer_than_a_year(organisation, admin, expires_at):
    errors = error_of(create(admin, organisation, expires_at()), 400, "invalid")["errors"]
    assert errors["expires_at"][0].startswith("A token lives at most 365 days")


def test_the_lifetime_is_a_setting(organisation, admin, settings):
    settings.GSP_TOKEN_MAX_LIFETIME_DAYS = 30
    errors = error_of(create(admin, organisation, in_days(31)), 400, "invalid")["errors"]
    assert errors["expires_at"][0].startswith("A token lives at most 30 days")
