"""Other organisations see who did something by name and organisation, never by login or e-mail address
(finding 13): in history, transitions and track changes. And the schema says such fields may be null (finding 9)."""

import datetime as dt

import pytest
from django.utils import timezone

from identity.access import actor_label
from identity.services import membership_invite, token_create
from tests.api_helpers import client_for, government, official
from tests.partnerships.factories import PartnershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def invited_editor():
    """A ministry editor invited by e-mail: their login is their address."""
    membership = membership_invite(organisation=government("GB"), email="jane.doe@ministry.example", role="editor")
    return membership.user


def test_an_invited_members_address_never_reaches_another_organisation(invited_editor):
    partnership = PartnershipFactory(title="Before")
    client_for(invited_editor).patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After"})
    client_for(invited_editor).post(f"/api/v1/partnerships/{partnership.pk}/negotiate/", {"note": "go"})

    other = client_for(official("NG"))
    history = other.get(f"/api/v1/partnerships/{partnership.pk}/history/")
    transitions = other.get(f"/api/v1/partnerships/{partnership.pk}/transitions/")

    assert history.status_code == transitions.status_code == 200
    assert "@" not in history.content.decode() + transitions.content.decode()
    assert history.json()[0]["user"] == f"A member of {government('GB').name}"
    assert transitions.json()[0]["by"] == f"A member of {government('GB').name}"


def test_a_named_person_is_shown_with_their_organisation(invited_editor):
    invited_editor.first_name, invited_editor.last_name = "Jane", "Doe"
    invited_editor.save()
    assert actor_label(invited_editor) == f"Jane Doe ({government('GB').name})"


def test_a_token_is_shown_as_its_organisations_token():
    token, _key = token_create(
        organisation=government("GB"), name="erp", role="viewer", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert actor_label(token.user) == f"API token of {government('GB').name}"


@pytest.mark.parametrize(
    ("component", "field"),
    [("PartnershipTransition", "by"), ("TrackChange", "changed_by"), ("ReportRun", "requested_by")],
)
def test_the_schema_says_who_may_be_null(staff_client, component, field):
    schema = staff_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["components"]["schemas"][component]["properties"][field]["nullable"] is True


def test_the_schema_holds_a_tokens_key_only_in_the_creation_response(staff_client):
    schemas = staff_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["components"][
        "schemas"
    ]
    assert "key" not in schemas["APIToken"]["properties"]
    assert "key" in schemas["APITokenCreated"]["required"]
