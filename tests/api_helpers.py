"""Helpers shared by the API tests: clients signed in as a given user, users acting for organisations, the one error
shape, and list pages whose query count must not grow with their rows (the fixtures are in tests/conftest.py)."""

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from identity.choices import OrganisationKind
from identity.models import Membership, Organisation
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.reference.factories import country


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


def listed_count(body: dict) -> int:
    """The rows a list answered: its `count` (limit/offset lists), or the rows of its one page (cursor lists, which
    answer no count; the tests' lists fit in one page)."""
    if "count" in body:
        return body["count"]
    assert body["next"] is None, "more than one page: follow `next` (see `all_rows`)"
    return len(body["results"])


def all_rows(client, url: str, params: dict | None = None) -> list[dict]:
    """Every row of a list, following `next` page after page (both kinds of pagination)."""
    response = client.get(url, params or {})
    rows = []
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def list_count_and_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return listed_count(response.json()), len(ctx.captured_queries)


def assert_flat(client, url: str, make_row) -> None:
    """A list page issues as many queries for 20 rows as for 2."""
    make_row()  # a first row, so that the warm-up below also reads what rows need once per user (the cohorts reached)
    before = listed_count(client.get(url).json())  # also reads (and caches) the user's scope
    for _ in range(2):
        make_row()
    count_2, queries_2 = list_count_and_queries(client, url)
    for _ in range(18):
        make_row()
    count_20, queries_20 = list_count_and_queries(client, url)
    assert (count_2 - before, count_20 - before) == (2, 20)
    assert queries_20 == queries_2


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def tables_containing(text: str) -> list[str]:
    """Every model whose text columns hold `text` anywhere (case-insensitively)."""
    found = []
    for model in apps.get_models():
        columns = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        matches = Q(*[Q(**{f"{c}__icontains": text}) for c in columns], _connector="OR")
        if columns and model._base_manager.filter(matches).exists():
            found.append(model._meta.label)
    return found
