"""Trainee pages: personal data shown only through the trainee visibility rule (employers, donors and other centres
get 404), every showing logged as the API logs it, the national ID stored as a hash and never shown back."""

import pytest

from tests.api_helpers import member_of
from tests.training.api_helpers import trainee_of
from tests.training.factories import EnrollmentFactory
from tests.training.page_helpers import (
    agency_member,
    assert_flat_page,
    browser,
    donor_member,
    employer_member,
    ministry,
    other_centre_member,
)
from training.models import PersonalDataAccess, Trainee
from training.models.people import hash_national_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def trainee_data(**fields) -> dict:
    return {
        "given_name": "Amina", "family_name": "Okafor", "date_of_birth": "1999-04-02", "gender": "female",
        "nationality": "NG", "email": "amina@example.org", "phone": "", "consent_given_at": "2024-01-05T10:00",
        "consent_covers": ["training", "selection"], "national_id": "NG-1234-5678", **fields,
    }  # fmt: skip


def accesses(user) -> list[tuple]:
    return list(PersonalDataAccess.objects.filter(user=user).order_by("pk").values_list("trainee_id", "surface"))


def test_a_provider_registers_a_trainee_whose_national_id_is_kept_only_as_a_hash(centre, provider):
    response = browser(provider).post("/trainees/add/", trainee_data(registered_by=centre.organisation_id))

    trainee = Trainee.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/trainees/{trainee.pk}/"
    assert (trainee.given_name, trainee.registered_by, trainee.consent_covers) == (
        "Amina", centre.organisation, ["selection", "training"]
    )  # fmt: skip
    assert trainee.national_id_hash == hash_national_id("NG", "NG-1234-5678")
    for page in ("", "edit/", "history/"):
        assert "1234" not in browser(provider).get(f"/trainees/{trainee.pk}/{page}").content.decode()


def test_an_invalid_trainee_is_400_with_the_input_kept_but_not_the_national_id(centre, provider):
    data = trainee_data(registered_by=centre.organisation_id, email="not an address")

    response = browser(provider).post("/trainees/add/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email_error"' in page and 'value="Okafor"' in page
    assert "1234" not in page
    assert not Trainee.objects.exists()


def test_the_same_national_id_for_the_same_nationality_is_a_conflict(centre, provider):
    existing = trainee_of(centre)
    existing.set_national_id("NG-1234-5678")
    existing.save()

    response = browser(provider).post("/trainees/add/", trainee_data(registered_by=centre.organisation_id))

    assert response.status_code == 409
    assert "A trainee of this nationality with this national ID is registered." in response.content.decode()
    assert Trainee.objects.filter(family_name="Okafor").count() == 0


def test_editing_keeps_the_national_id_unless_a_new_one_is_given_or_it_is_removed(centre, provider):
    trainee = trainee_of(centre)
    trainee.set_national_id("A-1")
    trainee.save()
    client = browser(provider)
    fields = trainee_data(national_id="")

    kept = client.post(f"/trainees/{trainee.pk}/edit/", fields)
    assert kept.status_code == 302
    assert Trainee.objects.get().national_id_hash == hash_national_id("NG", "A-1")

    moved = client.post(f"/trainees/{trainee.pk}/edit/", {**fields, "nationality": "GB"})
    assert moved.status_code == 400
    assert "Give the national ID again with a new nationality" in moved.content.decode()
    assert Trainee.objects.get().nationality_id == "NG"

    client.post(f"/trainees/{trainee.pk}/edit/", {**fields, "clear_national_id": "on"})
    assert Trainee.objects.get().national_id_hash == ""


def test_every_showing_is_logged_like_the_api(centre, provider):
    trainee = trainee_of(centre)
    client = browser(provider)

    client.get("/trainees/")
    client.get(f"/trainees/{trainee.pk}/")
    client.get(f"/trainees/{trainee.pk}/history/")
    client.get("/trainees/?export=csv")

    assert accesses(provider) == [
        (trainee.pk, "page_list"), (trainee.pk, "page_detail"), (trainee.pk, "page_history"), (trainee.pk, "page_list"),
    ]  # fmt: skip


def test_trainee_pages_per_role(partnership, centre, cohort, provider):
    trainee = trainee_of(centre)
    EnrollmentFactory(cohort=cohort, trainee=trainee)
    url = f"/trainees/{trainee.pk}/"

    assert browser(provider).get(f"{url}edit/").status_code == 200
    assert browser(member_of(centre.organisation, "viewer")).get(f"{url}edit/").status_code == 403
    assert browser(agency_member(partnership)).get(url).status_code == 200
    assert browser(ministry("NG")).get(url).status_code == 200
    assert browser(ministry("NG")).get(f"{url}edit/").status_code == 403  # governments oversee, do not keep records
    for outsider in (other_centre_member(), employer_member(partnership), donor_member(partnership)):
        client = browser(outsider)
        assert [client.get(url + tail).status_code for tail in ("", "edit/", "history/")] == [404, 404, 404]
        assert trainee.family_name not in client.get("/trainees/").content.decode()
        assert accesses(outsider) == []


def test_the_trainee_list_is_flat(centre, provider):
    assert_flat_page(browser(provider), "/trainees/?per_page=50", lambda: trainee_of(centre))
