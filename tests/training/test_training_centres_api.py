"""Training centres through the API: a provider's editors create its centre profile; the list's query count is flat."""

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, member_of
from tests.identity.factories import OrganisationFactory
from tests.reference.factories import country
from tests.training.factories import TrainingCentreFactory
from training.models import TrainingCentre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_a_provider_editor_creates_its_centre_profile():
    organisation = OrganisationFactory(kind="training_provider", country=country("FJ"), name="Pacific TVET")
    body = {"organisation": organisation.pk, "campus_country": "FJ", "city": "Suva", "capacity": 300}

    response = client_for(member_of(organisation)).post("/api/v1/training-centres/", body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["name"], data["campus_country"], data["city"], data["capacity"]) == ("Pacific TVET", "FJ", "Suva", 300)
    assert TrainingCentre.objects.get(pk=data["id"]).organisation == organisation


def test_a_provider_viewer_cannot_create_the_centre_profile():
    organisation = OrganisationFactory(kind="training_provider", country=country("FJ"))
    body = {"organisation": organisation.pk, "campus_country": "FJ", "capacity": 300}

    response = client_for(member_of(organisation, "viewer")).post("/api/v1/training-centres/", body)

    error_of(response, 403, "permission_denied")
    assert not TrainingCentre.objects.exists()


def test_training_centres_list_is_flat(staff_client):
    assert_flat(staff_client, "/api/v1/training-centres/", TrainingCentreFactory)
