"""Applications through the API: an agency of the partnership records them; the list's query count is flat."""

import pytest

from tests.api_helpers import assert_flat, client_for, member_of
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import country
from tests.training.factories import ApplicationFactory, TraineeFactory
from training.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_an_agency_of_the_partnership_records_an_application(partnership, cohort):
    agency = OrganisationFactory(kind="agency", country=country("NG"))
    PartnershipPartyFactory(partnership=partnership, organisation=agency, role="agency")
    applicant = TraineeFactory(registered_by=agency)
    body = {"trainee": applicant.pk, "cohort": cohort.pk, "applied_on": "2023-11-02", "preferred_track": "away"}

    response = client_for(member_of(agency)).post("/api/v1/applications/", body)

    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert (application.status, application.preferred_track, application.trainee) == ("applied", "away", applicant)


def test_applications_list_is_flat(cohort, provider):
    assert_flat(client_for(provider), "/api/v1/applications/", lambda: ApplicationFactory(cohort=cohort))
