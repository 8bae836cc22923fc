"""Helpers of the training pages' tests: a browser signed in as a user, the people of each role around the
partnership of `tests/training/conftest.py`, and list pages whose query count must not grow with their rows."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from identity.models import Organisation
from tests.api_helpers import employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import country
from tests.training.factories import TrainingCentreFactory


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def party(partnership, kind: str, code: str = "NG") -> Organisation:
    """A new organisation of `kind` made a party of `partnership` (in its role of the same name)."""
    organisation = OrganisationFactory(kind=kind, country=country(code))
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=kind)
    return organisation


def agency_member(partnership, role: str = "editor"):
    return member_of(party(partnership, "agency"), role)


def donor_member(partnership):
    return member_of(party(partnership, "donor", "GB"), "editor")


def employer_member(partnership):
    organisation = employer_in("GB")
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="employer")
    return member_of(organisation, "editor")


def other_centre_member():
    """An editor of another training centre, party to no partnership of ours."""
    return member_of(TrainingCentreFactory().organisation, "editor")


def ministry(code: str = "NG"):
    return official(code)


def rows_shown(response) -> int:
    """How many table rows a list page drew."""
    assert response.status_code == 200
    return response.content.decode().count("<tr>") - 1  # the header row


def assert_flat_page(client, url: str, make_row) -> None:
    """A list page issues as many queries for 20 rows as for 2."""
    client.get(url)  # the session, the scope and the menu are read once before counting
    for _ in range(2):
        make_row()
    with CaptureQueriesContext(connection) as two:
        first = client.get(url)
    for _ in range(18):
        make_row()
    with CaptureQueriesContext(connection) as twenty:
        second = client.get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert rows_shown(second) - rows_shown(first) == 18
    assert len(twenty.captured_queries) == len(two.captured_queries), [q["sql"] for q in twenty.captured_queries]
