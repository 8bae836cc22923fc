"""The history of an object through the API: who changed what from and to, as visible as the object itself."""

import pytest

from identity.access import actor_label
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.partnerships.factories import PartnershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_history_shows_who_changed_what_from_and_to():
    partnership = PartnershipFactory(title="Before", target_home=20)
    editor = official("GB")
    client = client_for(editor)
    client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After", "target_home": 25})

    response = client.get(f"/api/v1/partnerships/{partnership.pk}/history/")

    assert response.status_code == 200
    newest, created = response.json()
    assert (newest["action"], newest["user"], newest["reason"]) == ("changed", actor_label(editor), None)
    assert {k: v for k, v in newest["changes"].items() if k != "updated"} == {
        "title": {"from": "Before", "to": "After"},
        "target_home": {"from": 20, "to": 25},
    }
    assert (created["action"], created["user"], created["changes"]) == ("created", None, {})
    assert newest["history_id"] > created["history_id"]


def test_the_history_of_an_invisible_object_is_a_404():
    partnership = PartnershipFactory()

    response = client_for(official("MA")).get(f"/api/v1/partnerships/{partnership.pk}/history/")

    error_of(response, 404, "not_found")


def test_the_history_of_an_organisation_follows_its_visibility():
    employer = employer_in("GB", name="Before")
    admin = member_of(employer, "admin")
    client_for(admin).patch(f"/api/v1/organisations/{employer.pk}/", {"name": "After"})

    own = client_for(admin).get(f"/api/v1/organisations/{employer.pk}/history/")
    foreign = client_for(official("MA")).get(f"/api/v1/organisations/{employer.pk}/history/")

    assert [(r["user"], r["changes"].get("name")) for r in own.json()] == [
        (actor_label(admin), {"from": "Before", "to": "After"}),
        (None, None),
    ]
    error_of(foreign, 404, "not_found")
