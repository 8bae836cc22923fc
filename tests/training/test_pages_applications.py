"""Applications and selection pages: agencies and training centres of the partnership record applications and
shortlist, select or reject them; others see them or not by the application's visibility rule."""

import datetime as dt

import pytest

from tests.api_helpers import member_of
from tests.training.api_helpers import trainee_of
from tests.training.factories import ApplicationFactory, TraineeFactory
from tests.training.page_helpers import (
    agency_member,
    assert_flat_page,
    browser,
    donor_member,
    employer_member,
    ministry,
    other_centre_member,
    party,
)
from training.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_an_agency_of_the_partnership_records_an_application(partnership, cohort):
    agency = party(partnership, "agency")
    applicant = TraineeFactory(registered_by=agency)
    data = {"trainee": applicant.pk, "cohort": cohort.pk, "applied_on": "2023-11-02", "preferred_track": "away",
            "notes": "Nurse, B1 German"}  # fmt: skip

    response = browser(member_of(agency)).post("/applications/add/", data)

    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/"
    assert (application.trainee, application.cohort, application.status, application.preferred_track) == (
        applicant, cohort, "applied", "away"
    )  # fmt: skip
    assert application.applied_on == dt.date(2023, 11, 2)


def test_an_invalid_application_is_400_beside_the_field(centre, cohort, provider):
    applicant = trainee_of(centre)
    data = {"trainee": applicant.pk, "cohort": cohort.pk, "applied_on": "", "preferred_track": "away", "notes": "x"}

    response = browser(provider).post("/applications/add/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_applied_on_error"' in page and ">\nx</textarea>" in page
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("step", "status"), [("shortlist", "shortlisted"), ("select", "selected"), ("reject", "rejected")]
)
def test_selection_steps(partnership, cohort, step, status):
    application = ApplicationFactory(cohort=cohort)

    response = browser(agency_member(partnership)).post(
        f"/applications/{application.pk}/{step}/", {"decided_on": "2023-12-01"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decided_on) == (status, dt.date(2023, 12, 1))


def test_a_decision_before_the_application_is_refused(cohort, provider):
    application = ApplicationFactory(cohort=cohort, applied_on=dt.date(2023, 10, 1))

    response = browser(provider).post(f"/applications/{application.pk}/select/", {"decided_on": "2023-09-01"})

    assert response.status_code == 400
    # The model's rule (its clean() says what the constraint enforces), beside the date.
    assert response.context["form"].errors["decided_on"] == ["A decision cannot come before the application."]
    application.refresh_from_db()
    assert (application.status, application.decided_on) == ("applied", None)


def test_application_pages_per_role(partnership, cohort, provider):
    application = ApplicationFactory(cohort=cohort)
    url = f"/applications/{application.pk}/"

    own = browser(provider)
    assert [own.get(url + tail).status_code for tail in ("", "edit/", "history/", "shortlist/")] == [200] * 4
    assert own.get("/applications/").status_code == own.get("/applications/add/").status_code == 200
    assert browser(agency_member(partnership)).get(f"{url}edit/").status_code == 200
    assert (
        browser(agency_member(partnership, "viewer")).post(f"{url}select/", {"decided_on": "2023-12-01"}).status_code
        == 403
    )
    assert browser(ministry("NG")).get(url).status_code == 200
    assert browser(ministry("NG")).post(f"{url}select/", {"decided_on": "2023-12-01"}).status_code == 403
    for outsider in (other_centre_member(), employer_member(partnership), donor_member(partnership)):
        client = browser(outsider)
        assert [client.get(url + tail).status_code for tail in ("", "edit/", "history/", "select/")] == [404] * 4
        assert client.post(f"{url}reject/", {"decided_on": "2023-12-01"}).status_code == 404
    assert Application.objects.get().status == "applied"


def test_the_application_list_is_flat(cohort, provider):
    assert_flat_page(browser(provider), "/applications/?per_page=50", lambda: ApplicationFactory(cohort=cohort))
