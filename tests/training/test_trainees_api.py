"""Trainees through the API: the national ID is write-only, stored hashed and never returned; who registers them;
filters; the list's query count is flat."""

import pytest

from identity.models import Membership
from tests.api_helpers import assert_flat, client_for, error_of, government, ids, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.reference.factories import country
from tests.training.api_helpers import trainee_of
from tests.training.factories import ApplicationFactory, EnrollmentFactory, TrainingCentreFactory
from training.models import Trainee
from training.models.people import hash_national_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

PERSON = {
    "given_name": "Amaka", "family_name": "Obi", "date_of_birth": "1999-04-02", "gender": "female",
    "nationality": "NG", "email": "amaka@example.org",
}  # fmt: skip
RAW_ID = "NIN-48213390271"


def assert_no_national_id(response, trainee: Trainee) -> None:
    text = response.content.decode()
    assert response.status_code in (200, 201), text
    assert "48213390271" not in text and "national_id" not in text
    assert not trainee.national_id_hash or trainee.national_id_hash not in text


def test_a_trainee_s_national_id_is_stored_hashed_and_never_returned(centre, provider):
    client = client_for(provider)

    created = client.post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})
    trainee = Trainee.objects.get(pk=created.json()["id"])
    changed = client.patch(f"/api/v1/trainees/{trainee.pk}/", {"national_id": "NIN 48213390271 ", "phone": "+234 1"})

    assert trainee.national_id_hash == hash_national_id("NG", RAW_ID)
    assert (trainee.registered_by, created.json()["registered_by"]) == (centre.organisation, centre.organisation.pk)
    for response in (
        created,
        changed,
        client.get(f"/api/v1/trainees/{trainee.pk}/"),
        client.get("/api/v1/trainees/"),
        client.get(f"/api/v1/trainees/{trainee.pk}/history/"),
    ):
        assert_no_national_id(response, trainee)
    history = client.get(f"/api/v1/trainees/{trainee.pk}/history/").json()
    assert [(h["action"], sorted(h["changes"])) for h in history] == [("changed", ["phone"]), ("created", [])]


def test_the_same_national_id_for_the_same_nationality_is_refused(centre, provider):
    client = client_for(provider)
    client.post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})

    again = client.post("/api/v1/trainees/", {**PERSON, "given_name": "Ada", "national_id": "nin 48213390271"})
    fijian = client.post("/api/v1/trainees/", {**PERSON, "nationality": "FJ", "national_id": RAW_ID})

    body = error_of(again, 409, "refused")
    assert body["errors"] == {"national_id": ["A trainee of this nationality with this national ID is registered."]}
    assert "48213390271" not in again.content.decode()
    assert fijian.status_code == 201, fijian.json()
    assert sorted(Trainee.objects.values_list("nationality_id", flat=True)) == ["FJ", "NG"]


def test_a_new_nationality_needs_the_national_id_again(centre, provider):
    trainee = trainee_of(centre)
    trainee.set_national_id(RAW_ID)
    trainee.save()

    response = client_for(provider).patch(f"/api/v1/trainees/{trainee.pk}/", {"nationality": "FJ"})

    assert error_of(response, 400, "invalid")["errors"] == {
        "national_id": ["Give the national ID again with a new nationality: its hash is keyed by country."]
    }


def test_a_user_of_several_centres_names_the_registering_one(centre):
    second = TrainingCentreFactory().organisation
    user = member_of(centre.organisation)
    Membership.objects.create(user=user, organisation=second, role="editor")
    client = client_for(user)

    unnamed = client.post("/api/v1/trainees/", PERSON)
    foreign = client.post("/api/v1/trainees/", {**PERSON, "registered_by": government("NG").pk})
    named = client.post("/api/v1/trainees/", {**PERSON, "registered_by": second.pk})

    assert error_of(unnamed, 400, "invalid")["errors"] == {
        "registered_by": ["You act for several training centres or agencies: name the one registering."]
    }
    assert error_of(foreign, 400, "invalid")["errors"] == {
        "registered_by": ["Name a training centre or agency you edit for."]
    }
    assert named.status_code == 201, named.json()
    assert Trainee.objects.get().registered_by == second


def test_staff_may_register_a_trainee_for_nobody_but_not_for_an_employer(staff_client):
    nobody = staff_client.post("/api/v1/trainees/", PERSON)
    employer = staff_client.post("/api/v1/trainees/", {**PERSON, "registered_by": OrganisationFactory().pk})

    assert nobody.status_code == 201, nobody.json()
    assert nobody.json()["registered_by"] is None
    assert error_of(employer, 400, "invalid")["errors"] == {
        "registered_by": ["Name a training centre or agency you edit for."]
    }


def test_a_government_official_cannot_register_a_trainee():
    response = client_for(official("NG")).post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})

    error_of(response, 403, "permission_denied")
    assert not Trainee.objects.exists()


def test_trainees_filter_by_nationality_gender_partnership_and_cohort(centre, cohort, provider):
    in_cohort = EnrollmentFactory(cohort=cohort, trainee=trainee_of(centre, gender="male")).trainee
    applicant = ApplicationFactory(cohort=cohort, trainee=trainee_of(centre, nationality=country("FJ"))).trainee
    unplaced = trainee_of(centre)
    client = client_for(provider)

    assert ids(client.get("/api/v1/trainees/")) == sorted([in_cohort.pk, applicant.pk, unplaced.pk])
    assert ids(client.get(f"/api/v1/trainees/?partnership={cohort.partnership_id}")) == [in_cohort.pk, applicant.pk]
    assert ids(client.get(f"/api/v1/trainees/?cohort={cohort.pk}&gender=male")) == [in_cohort.pk]
    assert ids(client.get("/api/v1/trainees/?nationality=FJ")) == [applicant.pk]


def test_trainees_list_is_flat(centre, provider):
    assert_flat(client_for(provider), "/api/v1/trainees/", lambda: trainee_of(centre))
