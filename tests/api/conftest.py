"""Fixtures shared by the API tests: clients signed in as a given user, and users acting for organisations."""

import pytest
from rest_framework.test import APIClient

from identity.choices import OrganisationKind
from identity.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory, country


def client_for(user=None) -> APIClient:
    """An API client authenticated as `user` (anonymous for None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def member_of(organisation: Organisation, role: str = "editor", **user_fields):
    """A new user acting for `organisation` with `role`."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def government(code: str, **fields) -> Organisation:
    """The ministry of the country `code` (one per country: later calls return the same organisation)."""
    found = Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT, country_id=code).first()
    return found or OrganisationFactory(kind=OrganisationKind.GOVERNMENT, country=country(code), **fields)


def official(code: str, role: str = "editor"):
    """A new user acting for the government of `code` with `role`."""
    return member_of(government(code), role)


def employer_in(code: str, **fields) -> Organisation:
    """A new employer in the country `code`."""
    return OrganisationFactory(kind=OrganisationKind.EMPLOYER, country=country(code), **fields)


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def staff_client(staff) -> APIClient:
    return client_for(staff)


def error_of(response, status: int, code: str) -> dict:
    """The body of an error response, after checking it has the API's one error shape: `errors` comes with
    invalid data (code "invalid") and refusals (code "refused"), and only with them."""
    body = response.json()
    assert response.status_code == status, body
    with_errors = code in ("invalid", "refused")
    assert set(body) == {"status", "code", "detail"} | ({"errors"} if with_errors else set()), body
    assert (body["status"], body["code"]) == (status, code), body
    assert isinstance(body["detail"], str) and body["detail"], body
    return body
