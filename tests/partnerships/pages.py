"""What the tests of the partnership pages share: a NG→GB partnership with a party of every kind, a user of every role,
browser clients signed in as them, the page's text, and list pages whose query count must not grow with their rows."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api_helpers import government, member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import country

#: Every role, and what it may do on a NG→GB partnership's pages.
EDITORS = ["origin_editor", "destination_editor"]
READERS = ["government_viewer", "employer", "training_centre", "donor"]
OUTSIDERS = ["government_elsewhere", "employer_elsewhere"]
ROLES = [*EDITORS, *READERS, *OUTSIDERS]


def make_partnership(**fields):
    """A draft NG→GB partnership (each test module's `partnership` fixture)."""
    values = {"code": "ng-gb-nursing", "title": "UK–Nigeria nursing", "target_home": 20, "target_away": 10}
    return PartnershipFactory(**(values | fields))


def make_users(partnership) -> dict:
    """A user of every role, by name (each test module's `users` fixture). The employer, training centre and donor
    are parties of `partnership`."""
    parties = {}
    for kind, code in (("employer", "GB"), ("training_provider", "NG"), ("donor", "GB")):
        organisation = OrganisationFactory(kind=kind, country=country(code), name=f"The {kind.replace('_', ' ')}")
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=kind)
        parties[kind] = organisation
    return {
        "origin_editor": member_of(government("NG", name="Nigeria ministry"), first_name="Ada", last_name="Obi"),
        "destination_editor": member_of(government("GB", name="UK ministry"), first_name="Ben", last_name="Hall"),
        "government_viewer": member_of(government("GB"), "viewer"),
        "employer": member_of(parties["employer"], "admin"),
        "training_centre": member_of(parties["training_provider"], "editor"),
        "donor": member_of(parties["donor"], "editor"),
        "government_elsewhere": member_of(government("MA"), "editor"),
        "employer_elsewhere": member_of(OrganisationFactory(kind="employer", country=country("GB")), "admin"),
        "staff": UserFactory(is_staff=True),
    }


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text_of(response) -> str:
    """The page's text with tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def element(response, element_id: str) -> str:
    """The text of the element with this id (up to its first closing tag of the same name)."""
    html = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element #{element_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()


def rows_and_queries(client, url: str) -> tuple[int, int]:
    """The rows a list page counts (its "n rows" line) and the queries it took."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    rows = int(re.search(r'id="row-count">(\d+) row', response.content.decode()).group(1))
    return rows, len(ctx.captured_queries)


def assert_flat_page(client, url: str, make_row) -> None:
    """A list page issues as many queries for 20 rows as for 2."""
    before, _queries = rows_and_queries(client, url)  # also the session, the user and their scope
    for _ in range(2):
        make_row()
    rows_2, queries_2 = rows_and_queries(client, url)
    for _ in range(18):
        make_row()
    rows_20, queries_20 = rows_and_queries(client, url)
    assert (rows_2 - before, rows_20 - before) == (2, 20)
    assert queries_20 == queries_2
