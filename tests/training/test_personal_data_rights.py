"""A person's rights over their data, as ministries will be asked about them: consent says what it covers; every
showing of the data is logged and read by the viewer's organisation admins; an admin exports everything about a
person on request; erasure replaces the data in the record and its history for good, and no total changes."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from identity.models import Membership
from migration_tracks.models import Placement
from reports.views import track_counts
from tests.api_helpers import client_for, employer_in, error_of, member_of, tables_containing
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import EnrollmentFactory, TraineeFactory
from training.models import Enrollment, PersonalDataAccess, Trainee
from training.services import trainee_erase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def person(cohort):
    trainee = TraineeFactory(given_name="Ngozi", family_name="Okafor", email="ngozi@example.org", phone="+234 1")
    trainee.set_national_id("A1234567")
    trainee.save()
    EnrollmentFactory(trainee=trainee, cohort=cohort, track="away", status="completed", completed_on=cohort.end_date)
    return trainee


@pytest.fixture
def centre_admin(centre):
    return member_of(centre.organisation, "admin")


# --- consent ---------------------------------------------------------------------------------------------------


def test_consent_is_recorded_with_what_it_covers(provider):
    body = {
        "given_name": "A", "family_name": "B", "date_of_birth": "2000-01-01", "gender": "male", "nationality": "NG",
        "consent_given_at": "2025-01-06T10:00:00Z", "consent_covers": ["training", "selection"],
    }  # fmt: skip
    response = client_for(provider).post("/api/v1/trainees/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["consent_covers"] == ["selection", "training"]
    assert Trainee.objects.get().consent_covers == ["selection", "training"]


@pytest.mark.parametrize(
    ("consent", "field"),
    [
        ({"consent_covers": ["training"]}, "consent_covers"),
        ({"consent_given_at": "2025-01-06T10:00:00Z"}, "consent_covers"),
        ({"consent_given_at": "2025-01-06T10:00:00Z", "consent_covers": ["marketing"]}, "consent_covers"),
    ],
)
def test_a_consent_without_its_date_or_its_purposes_is_refused(provider, consent, field):
    body = {"given_name": "A", "family_name": "B", "date_of_birth": "2000-01-01", "gender": "male", "nationality": "NG"}
    response = client_for(provider).post("/api/v1/trainees/", body | consent, format="json")
    assert field in error_of(response, 400, "invalid")["errors"]


# --- the access log --------------------------------------------------------------------------------------------


def test_every_showing_is_logged_with_who_whom_and_where(person, provider):
    client = client_for(provider)
    client.get("/api/v1/trainees/")
    client.get(f"/api/v1/trainees/{person.pk}/")
    client.get(f"/api/v1/trainees/{person.pk}/history/")
    rows = PersonalDataAccess.objects.filter(trainee=person).order_by("pk")
    assert [(r.user_id, r.surface) for r in rows] == [
        (provider.pk, "api_list"), (provider.pk, "api_detail"), (provider.pk, "api_history")
    ]  # fmt: skip


def test_the_organisations_admin_reads_its_members_log_and_nobody_else(person, provider, centre_admin):
    client_for(provider).get(f"/api/v1/trainees/{person.pk}/")
    log = client_for(centre_admin).get("/api/v1/trainees/access-log/")
    assert log.status_code == 200
    assert [(r["trainee"], r["surface"]) for r in log.json()["results"]] == [(person.pk, "api_detail")]
    assert "@" not in log.content.decode()  # members are shown by name and organisation
    assert client_for(provider).get("/api/v1/trainees/access-log/").json()["count"] == 0  # an editor: not theirs
    stranger = member_of(
        TraineeFactory().nationality and EnrollmentFactory().cohort.course.centre.organisation, "admin"
    )
    assert client_for(stranger).get("/api/v1/trainees/access-log/").json()["count"] == 0


def test_an_employer_without_an_accepted_offer_leaves_no_log(person, partnership):
    employer = member_of(employer_in("GB"))
    assert client_for(employer).get(f"/api/v1/trainees/{person.pk}/").status_code == 404
    assert not PersonalDataAccess.objects.exists()


# --- export on request -----------------------------------------------------------------------------------------


def test_an_admin_exports_everything_about_a_person(person, centre_admin, partnership, cohort):
    need = SkillNeedFactory(partnership=partnership, occupation=cohort.course.occupation)
    PlacementFactory(enrollment=person.enrollments.get(), skill_need=need)
    response = client_for(centre_admin).get(f"/api/v1/trainees/{person.pk}/export/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["trainee"]["family_name"] == "Okafor"
    assert [e["trainee_id"] for e in data["enrollments"]] == [person.pk]
    assert {"history", "applications", "track_changes", "accesses", "placements", "follow_ups"} <= set(data)
    assert "national_id_hash" not in response.content.decode()
    assert PersonalDataAccess.objects.filter(trainee=person, surface="export").count() == 1


def test_only_an_admin_exports(person, provider):
    error_of(client_for(provider).get(f"/api/v1/trainees/{person.pk}/export/"), 403, "permission_denied")


def test_an_invisible_person_cannot_be_exported(person):
    outsider = member_of(OrganisationFactory(kind="training_provider"), "admin")
    error_of(client_for(outsider).get(f"/api/v1/trainees/{person.pk}/export/"), 404, "not_found")


# --- erasure ---------------------------------------------------------------------------------------------------


def test_erasure_replaces_the_data_in_the_record_and_its_history_for_good(person, provider):
    client_for(provider).patch(f"/api/v1/trainees/{person.pk}/", {"phone": "+234 2"}, format="json")
    before = (track_counts(), Enrollment.objects.count(), Placement.objects.count())

    out = StringIO()
    call_command("erase_trainee", str(person.pk), stdout=out)

    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.email, person.phone) == ("Erased", f"#{person.pk}", "", "")
    assert (person.date_of_birth, person.national_id_hash, person.consent_covers) == (dt.date(1998, 1, 1), "", [])
    assert person.erased_at is not None
    for text in ("Ngozi", "Okafor", "ngozi@example.org", "+234 1", "+234 2"):
        assert tables_containing(text) == [], text
    assert {h.date_of_birth for h in person.history.all()} == {dt.date(1998, 1, 1)}
    assert (track_counts(), Enrollment.objects.count(), Placement.objects.count()) == before
    assert (person.gender, person.nationality_id) == ("female", "NG")


def test_erasing_an_unknown_id_erases_nothing(person):
    with pytest.raises(CommandError, match="No trainee with id 999999"):
        call_command("erase_trainee", str(person.pk), "999999")
    person.refresh_from_db()
    assert person.family_name == "Okafor"


def test_the_admin_erases_from_the_trainee_list(person, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/training/trainee/", {"action": "erase", "_selected_action": [person.pk]}, follow=True
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.given_name == "Erased"


def test_erasure_is_recorded_in_the_history_with_its_reason(person, staff):
    trainee_erase(trainee=person, user=staff)
    newest = person.history.first()
    assert newest.history_change_reason == "Personal data erased at the person's request"


def test_an_admin_of_another_organisation_does_not_export_what_they_see_as_an_editor(person, centre):
    user = member_of(centre.organisation, "editor")  # sees the person through the centre, as an editor
    Membership.objects.create(user=user, organisation=employer_in("GB"), role="admin")
    error_of(client_for(user).get(f"/api/v1/trainees/{person.pk}/export/"), 403, "permission_denied")
