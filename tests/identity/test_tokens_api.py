"""API tokens of partner systems: created by organisation admins only, shown once and stored hashed; they
authenticate as `Token <key>` or `Bearer <key>`, act with their role and nothing more, and stop working when
revoked or expired."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from identity.models import APIToken, Membership
from tests.api_helpers import tables_containing
from tests.permission_matrix.world import world_in_rollback

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/tokens/"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_rollback(django_db_blocker) as built:
        yield built


def signed_in(world, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


def with_key(key: str, keyword: str = "Token") -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"{keyword} {key}")


def new_token(world, creator: str = "employer_admin", **fields):
    body = {
        "name": "ERP sync",
        "organisation": world.pk("org:employer:A"),
        "role": "editor",
        "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
    } | fields
    return signed_in(world, creator).post(TOKENS, body, format="json")


# --- creating and listing --------------------------------------------------------------------------------


def test_an_organisation_admin_creates_a_token_whose_key_is_shown_once_and_stored_hashed(world):
    response = new_token(world)

    assert response.status_code == 201, response.content
    body = response.json()
    key = body["key"]
    token = APIToken.objects.get(pk=body["id"])
    assert (token.organisation_id, token.role, token.name) == (world.pk("org:employer:A"), "editor", "ERP sync")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert tables_containing(key) == []
    assert tables_containing(token.key_hash) == ["identity.APIToken"]
    detail = signed_in(world, "employer_admin").get(f"{TOKENS}{token.pk}/").json()
    listed = signed_in(world, "employer_admin").get(TOKENS).json()["results"]
    assert "key" not in detail and key not in str(detail) and key not in str(listed)
    # The token acts through a service user that is a member of exactly its organisation, with its role.
    assert list(Membership.objects.filter(user=token.user).values_list("organisation_id", "role")) == [
        (world.pk("org:employer:A"), "editor")
    ]


@pytest.mark.parametrize("creator", ["employer_editor", "employer_viewer", "ministry_origin_editor", "staff"])
def test_only_an_admin_of_the_organisation_or_staff_creates_its_tokens(creator, world):
    before = APIToken.objects.count()

    response = new_token(world, creator)

    assert response.status_code == (201 if creator == "staff" else 403), response.content
    assert APIToken.objects.count() == before + (creator == "staff")


def test_a_token_created_without_a_role_is_a_viewer(world):
    # Found by tests/test_schemathesis.py: the role is optional in the schema, and its absence was a 500.
    body = {
        "name": "ERP sync",
        "organisation": world.pk("org:employer:A"),
        "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
    }

    response = signed_in(world, "employer_admin").post(TOKENS, body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["role"] == "viewer"
    assert APIToken.objects.get(pk=response.json()["id"]).role == "viewer"


def test_an_admin_cannot_create_a_token_for_another_organisation(world):
    before = APIToken.objects.count()

    own_kind_elsewhere = new_token(world, organisation=world.pk("org:employer:B"))
    partner_government = new_token(world, organisation=world.pk("org:government_origin:A"))

    assert own_kind_elsewhere.status_code == 400  # an organisation the admin cannot see does not exist for them
    assert partner_government.status_code == 403  # visible, but not theirs to administer
    assert APIToken.objects.count() == before


def test_tokens_are_listed_to_the_admins_of_their_organisation_only(world):
    employer_tokens = set(
        APIToken.objects.filter(organisation=world.obj("org:employer:A")).values_list("pk", flat=True)
    )
    assert len(employer_tokens) == 3  # one for each employer role of the world

    def listed(name):
        return {row["id"] for row in signed_in(world, name).get(TOKENS, {"limit": 200}).json()["results"]}

    assert listed("employer_admin") == employer_tokens
    assert listed("employer_editor") == set()
    assert listed("employer_viewer") == set()
    assert listed("ministry_origin_editor") == set()
    assert listed("staff") == set(APIToken.objects.values_list("pk", flat=True))


def test_tokens_of_another_organisation_are_invisible(world):
    admin = signed_in(world, "employer_admin")
    other = world.obj("token:employer:B")

    assert admin.get(f"{TOKENS}{other.pk}/").status_code == 404
    assert admin.delete(f"{TOKENS}{other.pk}/").status_code == 404
    assert APIToken.objects.get(pk=other.pk).revoked_at is None


# --- authenticating ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_a_token_authenticates_with_either_keyword_and_records_its_use(keyword, world):
    token = APIToken.objects.get(name="matrix ministry_origin_editor")
    assert token.last_used_at is None

    response = with_key(world.tokens["ministry_origin_editor"], keyword).get("/api/v1/partnerships/")

    assert response.status_code == 200, response.content
    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {"matrix-A", "matrix-A-draft"}
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "header",
    ["Token", "Token gsp_nothing_here", "Bearer not-a-key", "Token a b"],
    ids=["no-key", "unknown-key", "malformed-key", "two-words"],
)
def test_a_missing_or_unknown_key_is_refused_with_401(header, world):
    response = APIClient(HTTP_AUTHORIZATION=header).get("/api/v1/partnerships/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused_with_401(world):
    key = world.tokens["employer_editor"]
    token = APIToken.objects.get(name="matrix employer_editor")
    assert with_key(key).get("/api/v1/skill-needs/").status_code == 200

    revoked = signed_in(world, "employer_admin").delete(f"{TOKENS}{token.pk}/")

    assert revoked.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = with_key(key).get("/api/v1/skill-needs/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_an_expired_token_is_refused_with_401(world):
    key = world.tokens["employer_editor"]
    APIToken.objects.filter(name="matrix employer_editor").update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = with_key(key).get("/api/v1/skill-needs/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


# --- acting --------------------------------------------------------------------------------------------------


def test_a_token_with_the_viewer_role_reads_but_cannot_write(world):
    viewer = with_key(world.tokens["employer_viewer"])
    need = world.obj("skill_need:A")

    read = viewer.get(f"/api/v1/skill-needs/{need.pk}/")
    written = viewer.patch(f"/api/v1/skill-needs/{need.pk}/", {"description": "from the viewer token"}, format="json")

    assert (read.status_code, written.status_code) == (200, 403)
    need.refresh_from_db()
    assert need.description == ""


def test_a_token_with_the_editor_role_writes_what_its_organisation_may(world):
    editor = with_key(world.tokens["employer_editor"])
    need = world.obj("skill_need:A")

    written = editor.patch(f"/api/v1/skill-needs/{need.pk}/", {"description": "from the ERP"}, format="json")

    assert written.status_code == 200, written.content
    need.refresh_from_db()
    assert need.description == "from the ERP"
    assert need.history.latest().history_user.api_token.name == "matrix employer_editor"


def test_a_token_cannot_create_tokens_even_with_the_admin_role(world):
    admin_token = with_key(world.tokens["employer_admin"])
    before = APIToken.objects.count()

    listed = admin_token.get(TOKENS)
    created = admin_token.post(
        TOKENS,
        {"name": "minted by a token", "organisation": world.pk("org:employer:A"), "role": "admin",
         "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat()},
        format="json",
    )  # fmt: skip

    assert listed.status_code == 200  # it may see its organisation's tokens, as its admins do
    assert created.status_code == 403, created.content
    assert APIToken.objects.count() == before
