"""CRUD of partnerships through the API, as each kind of user."""

import pytest

from partnerships.models import Partnership
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, signed
from tests.reference.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

NEW = {"code": "uk-ng-nursing", "title": "UK–Nigeria nursing", "reporting_currency": "GBP"}
NG_GB = {**NEW, "origin_country": "NG", "destination_country": "GB"}


@pytest.mark.parametrize("side", ["NG", "GB"])
def test_government_editor_of_either_country_creates_a_partnership(side):
    response = client_for(official(side)).post("/api/v1/partnerships/", NG_GB)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["origin_country"], body["destination_country"]) == ("uk-ng-nursing", "NG", "GB")
    assert (body["status"], body["allowed_transitions"]) == ("draft", ["negotiating"])
    assert Partnership.objects.get(pk=body["id"]).title == "UK–Nigeria nursing"


def test_creating_a_partnership_between_other_countries_is_forbidden_and_saves_nothing():
    country("MA"), country("BE")

    response = client_for(official("GB")).post(
        "/api/v1/partnerships/", {**NEW, "origin_country": "MA", "destination_country": "BE"}
    )

    body = error_of(response, 403, "permission_denied")
    assert body["detail"] == (
        "You may not create this object here: the organisation or partnership it belongs to is not one you may edit."
    )
    assert not Partnership.objects.exists()


def test_a_viewer_cannot_create_a_partnership():
    response = client_for(official("GB", role="viewer")).post("/api/v1/partnerships/", NG_GB)

    error_of(response, 403, "permission_denied")
    assert not Partnership.objects.exists()


def test_status_is_read_only_on_create_and_update():
    client = client_for(official("GB"))

    created = client.post("/api/v1/partnerships/", {**NG_GB, "status": "active", "signed_on": "2024-01-01"}).json()
    updated = client.patch(f"/api/v1/partnerships/{created['id']}/", {"status": "signed", "title": "Renamed"})

    assert (created["status"], created["signed_on"]) == ("draft", None)
    assert updated.status_code == 200
    assert (updated.json()["status"], updated.json()["title"]) == ("draft", "Renamed")
    partnership = Partnership.objects.get(pk=created["id"])
    assert (partnership.status, partnership.title, partnership.transitions.count()) == ("draft", "Renamed", 0)


def test_targets_of_a_signed_partnership_cannot_change_directly():
    partnership = signed(target_home=20, target_away=10)
    client = client_for(official("NG"))

    refused = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"target_home": 40, "target_away": 10})
    retitled = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "Nursing, phase 2"})

    body = error_of(refused, 400, "invalid")
    assert body["errors"] == {"target_home": ["The agreement is signed: change its targets through an amendment."]}
    assert retitled.status_code == 200
    partnership.refresh_from_db()
    assert (partnership.target_home, partnership.target_away, partnership.title) == (20, 10, "Nursing, phase 2")


def test_targets_of_a_draft_partnership_change_directly():
    partnership = PartnershipFactory(target_home=20)

    response = client_for(official("NG")).patch(f"/api/v1/partnerships/{partnership.pk}/", {"target_home": 40})

    assert (response.status_code, response.json()["target_home"]) == (200, 40)


def test_a_government_viewer_sees_but_cannot_change():
    partnership = PartnershipFactory(title="Before")
    client = client_for(official("GB", role="viewer"))

    assert client.get(f"/api/v1/partnerships/{partnership.pk}/").json()["title"] == "Before"
    refused = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After"})

    assert error_of(refused, 403, "permission_denied")["detail"] == "You may see this object but not change it."
    partnership.refresh_from_db()
    assert partnership.title == "Before"


def test_an_employer_party_sees_but_cannot_change():
    partnership = PartnershipFactory(title="Before")
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=partnership, organisation=employer, role="employer")
    client = client_for(member_of(employer, "admin"))

    assert client.get("/api/v1/partnerships/").json()["count"] == 1
    error_of(client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After"}), 403, "permission_denied")
    error_of(client.delete(f"/api/v1/partnerships/{partnership.pk}/"), 403, "permission_denied")
    assert Partnership.objects.get(pk=partnership.pk).title == "Before"


def test_another_countrys_government_gets_404():
    partnership = PartnershipFactory()
    client = client_for(official("MA"))

    assert client.get("/api/v1/partnerships/").json()["count"] == 0
    error_of(client.get(f"/api/v1/partnerships/{partnership.pk}/"), 404, "not_found")
    error_of(client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "Taken"}), 404, "not_found")
    error_of(client.delete(f"/api/v1/partnerships/{partnership.pk}/"), 404, "not_found")
    assert Partnership.objects.filter(pk=partnership.pk).exists()


def test_an_editor_deletes_a_draft_but_not_a_partnership_under_negotiation():
    draft, negotiating = PartnershipFactory(), PartnershipFactory(status="negotiating")
    client = client_for(official("GB"))

    deleted = client.delete(f"/api/v1/partnerships/{draft.pk}/")
    kept = client.delete(f"/api/v1/partnerships/{negotiating.pk}/")

    assert deleted.status_code == 204
    assert error_of(kept, 403, "permission_denied")["detail"] == "You may see this object but not delete it."
    assert list(Partnership.objects.values_list("pk", flat=True)) == [negotiating.pk]


def test_moving_a_partnership_to_another_country_pair_is_forbidden():
    partnership = PartnershipFactory()
    country("MA")

    client = client_for(official("GB"))

    response = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"destination_country": "MA"})

    error_of(response, 403, "permission_denied")
    partnership.refresh_from_db()
    assert partnership.destination_country_id == "GB"
