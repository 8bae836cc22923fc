"""The permission matrix through the API: every role × every resource × own/other × every action (DESIGN §4).

The cases are generated from the table in cases.py; this module only knows how to run one case of each action.
"""

import pytest
from rest_framework.test import APIClient

from gsp.api.urls import router
from identity.models import APIToken, Membership

from .cases import (
    ACTIONS,
    CASES,
    OWNERSHIPS,
    PEERS,
    REFUSED,
    RESOURCES,
    SIDE,
    WRITE_ACTIONS,
    Case,
    WriteAction,
    grant_for,
)
from .world import MEMBER_ROLES, ROLES

pytestmark = pytest.mark.django_db

API = "/api/v1"
VIEWSETS = {prefix: viewset for prefix, viewset, _basename in router.registry}


_clients: dict[str, APIClient] = {}


def client_as(role_name: str, world) -> APIClient:
    """A client per role, kept for the module (building a client's handler loads every middleware again); its
    user is fetched afresh for each test."""
    client = _clients.setdefault(role_name, APIClient())
    client.force_authenticate(None if role_name == "anonymous" else world.user(role_name))
    return client


def rows_of(response) -> list[dict]:
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def ids_of(response) -> set[str]:
    return {str(row["id"] if "id" in row else row["code"]) for row in rows_of(response)}


@pytest.fixture(scope="module")
def list_responses():
    """List responses by (prefix, role): reading does not change the world, so list-own and list-other of a role
    share one request."""
    return {}


def check_list(case: Case, client: APIClient, obj, responses: dict) -> None:
    key = (case.resource.prefix, case.role.name)
    if key not in responses:
        responses[key] = client.get(f"{API}/{case.resource.prefix}/", {"limit": 200})
    response = responses[key]
    if case.expected == 401:
        assert response.status_code == 401, response.content
        return
    assert response.status_code == 200, response.content
    assert (str(obj.pk) in ids_of(response)) is case.expected
    if not grant_for(case.resource, case.role).read:
        assert rows_of(response) == []


def check_retrieve(case: Case, client: APIClient, obj) -> None:
    """The detail, and its history where the resource keeps one: as visible as the object itself."""
    url = f"{API}/{case.resource.prefix}/{obj.pk}/"
    urls = [url, f"{url}history/"] if hasattr(VIEWSETS[case.resource.prefix], "history") else [url]
    assert [client.get(u).status_code for u in urls] == [case.expected] * len(urls)


def check_create(case: Case, client: APIClient, obj, world) -> None:
    model = type(obj)
    body = case.resource.create(world, SIDE[case.ownership], case.role) if case.resource.create else {}
    before = model.objects.count()
    response = client.post(f"{API}/{case.resource.prefix}/", body, format="json")
    if case.expected == REFUSED:
        assert response.status_code in (400, 403, 404), response.content
    else:
        assert response.status_code == case.expected, response.content
    assert model.objects.count() == before + (1 if case.expected in (201, 202) else 0)


def check_update(case: Case, client: APIClient, obj) -> None:
    model = type(obj)
    [(name, value)] = case.resource.update.items() if case.resource.update else [("pk", None)]
    before = getattr(obj, name)
    response = client.patch(f"{API}/{case.resource.prefix}/{obj.pk}/", case.resource.update, format="json")
    assert response.status_code == case.expected, response.content
    after = getattr(model.objects.get(pk=obj.pk), name)
    assert (str(after) == str(value)) if case.expected == 200 else (after == before)


def check_delete(case: Case, client: APIClient, obj) -> None:
    model = type(obj)
    response = client.delete(f"{API}/{case.resource.prefix}/{obj.pk}/")
    assert response.status_code == case.expected, response.content
    removed = case.expected == 204 and not case.resource.soft_delete
    assert model.objects.filter(pk=obj.pk).exists() is not removed


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_matrix(case: Case, world, list_responses):
    client = client_as(case.role.name, world)
    stale = world.obj(case.resource.key(case.ownership, case.role))
    obj = type(stale).objects.get(pk=stale.pk)
    if case.action == "list":
        check_list(case, client, obj, list_responses)
    elif case.action == "retrieve":
        check_retrieve(case, client, obj)
    elif case.action == "create":
        check_create(case, client, obj, world)
    elif case.action == "update":
        check_update(case, client, obj)
    else:
        check_delete(case, client, obj)


def test_the_table_has_a_row_for_every_resource_of_the_router():
    registered = {prefix for prefix, _viewset, _basename in router.registry}
    rows = [r.prefix for r in RESOURCES]
    assert sorted(registered - set(rows)) == [], "resources of the API without a row in the matrix"
    assert sorted(set(rows) - registered) == [], "rows of the matrix for resources the API does not have"
    assert len(rows) == len(set(rows)), "a resource has two rows"


def test_case_count():
    ids = [c.id for c in CASES]
    print(f"\npermission matrix: {len(RESOURCES)} resources × {len(ROLES)} roles × {len(ACTIONS)} actions × "
          f"{len(OWNERSHIPS)} ownerships = {len(ids)} cases")  # fmt: skip
    assert len(set(ids)) == len(ids) == len(RESOURCES) * len(ROLES) * len(ACTIONS) * len(OWNERSHIPS)


# --- partner systems: a token sees exactly what a member of its organisation with its role sees ------------


def _own_memberships(*users) -> set[str]:
    """A user's own membership is theirs alone: a token's service user and a person differ only there."""
    return {str(pk) for pk in Membership.objects.filter(user__in=users).values_list("pk", flat=True)}


@pytest.mark.parametrize("prefix", [r.prefix for r in RESOURCES])
@pytest.mark.parametrize("role", [r.name for r in MEMBER_ROLES])
def test_token_lists_what_a_member_with_its_role_sees(role, prefix, world):
    member = client_as(role, world)
    partner = APIClient(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    as_member = member.get(f"{API}/{prefix}/", {"limit": 200})
    as_token = partner.get(f"{API}/{prefix}/", {"limit": 200})
    assert (as_member.status_code, as_token.status_code) == (200, 200), (as_member.content, as_token.content)
    ignored = set()
    if prefix == "memberships":
        ignored = _own_memberships(world.users[role], APIToken.objects.get(name=f"matrix {role}").user)
    assert ids_of(as_token) - ignored == ids_of(as_member) - ignored


# --- peers of the same partnership ----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "prefix", "key"), PEERS, ids=lambda v: str(v))
def test_a_peer_organisations_rows_in_the_same_partnership_are_invisible(role, prefix, key, world):
    client = client_as(role, world)
    url = f"{API}/{prefix}/{world.pk(key)}/"

    assert client.get(url).status_code == 404
    assert client.patch(url, {}, format="json").status_code == 404
    assert str(world.pk(key)) not in ids_of(client.get(f"{API}/{prefix}/", {"limit": 200}))


# --- write actions beyond CRUD ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "role"),
    [(a, role) for a in WRITE_ACTIONS for role in a.expected],
    ids=[f"{a.name}-{role}" for a in WRITE_ACTIONS for role in a.expected],
)
def test_write_actions_follow_the_same_rules(action: WriteAction, role: str, world):
    client = client_as(role, world)
    on = f"{world.pk(action.key)}/" if action.key else ""
    url = f"{API}/{action.prefix}/{on}{action.path}/"
    body = action.body(world) if callable(action.body) else action.body

    response = getattr(client, action.method)(url, body, format="json")

    assert response.status_code == action.expected[role], response.content
