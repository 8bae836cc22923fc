"""The parties of a partnership through the API: added and removed by the editors of its governments."""

import pytest

from partnerships.models import PartnershipParty
from tests.api_helpers import client_for, employer_in, error_of, government, official
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


# A government sees the organisations already taking part in its partnerships (and every government): those
# are the organisations it can add to another of its partnerships.


def party_elsewhere(organisation, **partnership_fields):
    """Make `organisation` a party of another partnership, so that governments of that one see it."""
    return PartnershipPartyFactory(
        partnership=PartnershipFactory(**partnership_fields), organisation=organisation, role=organisation.kind
    )


def test_a_government_editor_adds_an_employer_party():
    partnership, employer = PartnershipFactory(), employer_in("GB")
    party_elsewhere(employer)
    payload = {"partnership": partnership.pk, "organisation": employer.pk, "role": "employer"}

    response = client_for(official("GB")).post("/api/v1/partnership-parties/", payload)

    assert response.status_code == 201, response.json()
    assert list(PartnershipParty.objects.filter(partnership=partnership).values_list("organisation", "role")) == [
        (employer.pk, "employer")
    ]


def test_an_employer_party_outside_both_countries_is_invalid():
    partnership, employer = PartnershipFactory(), employer_in("DE")
    party_elsewhere(employer, destination_country=country("DE"))
    payload = {"partnership": partnership.pk, "organisation": employer.pk, "role": "employer"}

    response = client_for(official("NG")).post("/api/v1/partnership-parties/", payload)

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"organisation": ["An employer party must be in the origin or destination country."]}
    assert not PartnershipParty.objects.filter(partnership=partnership).exists()


def test_a_party_of_an_invisible_partnership_is_answered_as_unknown():
    partnership = PartnershipFactory()
    payload = {"partnership": partnership.pk, "organisation": government("MA").pk, "role": "donor"}

    response = client_for(official("MA")).post("/api/v1/partnership-parties/", payload)

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"partnership": [f'Invalid pk "{partnership.pk}" - object does not exist.']}
    assert not PartnershipParty.objects.exists()


def test_a_government_viewer_cannot_add_or_remove_parties():
    party = PartnershipPartyFactory(organisation=employer_in("GB"))
    employer = employer_in("GB")
    party_elsewhere(employer)
    client = client_for(official("GB", role="viewer"))
    payload = {"partnership": party.partnership_id, "organisation": employer.pk, "role": "employer"}

    error_of(client.post("/api/v1/partnership-parties/", payload), 403, "permission_denied")
    error_of(client.delete(f"/api/v1/partnership-parties/{party.pk}/"), 403, "permission_denied")
    assert list(PartnershipParty.objects.filter(partnership=party.partnership).values_list("pk", flat=True)) == [
        party.pk
    ]
