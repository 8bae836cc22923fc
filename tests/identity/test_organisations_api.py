"""Organisations through the API: their admins edit them, only staff create and delete them."""

import pytest

from identity.models import Organisation
from tests.api_helpers import client_for, employer_in, error_of, government, member_of
from tests.reference.factories import country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_an_organisation_admin_edits_their_own_organisation():
    employer = employer_in("GB", name="Old name")

    response = client_for(member_of(employer, "admin")).patch(
        f"/api/v1/organisations/{employer.pk}/", {"name": "NHS Trust", "sector": "health"}
    )

    assert response.status_code == 200
    employer.refresh_from_db()
    assert (employer.name, employer.sector) == ("NHS Trust", "health")


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_member_who_is_not_admin_cannot_edit_the_organisation(role):
    employer = employer_in("GB", name="Old name")

    response = client_for(member_of(employer, role)).patch(f"/api/v1/organisations/{employer.pk}/", {"name": "New"})

    error_of(response, 403, "permission_denied")
    assert Organisation.objects.get(pk=employer.pk).name == "Old name"


def test_an_admin_cannot_edit_another_organisation():
    ministry = government("GB", name="Home Office")
    admin = member_of(employer_in("GB"), "admin")

    response = client_for(admin).patch(f"/api/v1/organisations/{ministry.pk}/", {"name": "Taken"})

    error_of(response, 403, "permission_denied")
    assert Organisation.objects.get(pk=ministry.pk).name == "Home Office"


def test_only_staff_deletes_an_organisation(staff_client):
    employer = employer_in("GB")

    refused = client_for(member_of(employer, "admin")).delete(f"/api/v1/organisations/{employer.pk}/")
    assert error_of(refused, 403, "permission_denied")["detail"] == "You may see this object but not delete it."
    assert Organisation.objects.filter(pk=employer.pk).exists()

    assert staff_client.delete(f"/api/v1/organisations/{employer.pk}/").status_code == 204
    assert not Organisation.objects.filter(pk=employer.pk).exists()


def test_only_staff_creates_an_organisation(staff_client):
    country("GB")
    payload = {"name": "Care UK", "kind": "employer", "country": "GB"}

    refused = client_for(member_of(employer_in("GB"), "admin")).post("/api/v1/organisations/", payload)
    created = staff_client.post("/api/v1/organisations/", payload)

    error_of(refused, 403, "permission_denied")
    assert created.status_code == 201
    assert list(Organisation.objects.filter(name="Care UK").values_list("kind", "country")) == [("employer", "GB")]
