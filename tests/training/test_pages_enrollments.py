"""Enrollment pages: enrol by form (a full track: 409, nothing saved), completion and certification through
`enrollment_update`, a track change with its reason (refused: 409), who may see and do what, flat list queries."""

import datetime as dt

import pytest

from tests.api_helpers import member_of
from tests.identity.factories import UserFactory
from tests.training.api_helpers import trainee_of
from tests.training.factories import EnrollmentFactory, EnrollmentTrackChangeFactory
from tests.training.page_helpers import (
    agency_member,
    assert_flat_page,
    browser,
    donor_member,
    employer_member,
    ministry,
    other_centre_member,
)
from training.models import Enrollment, EnrollmentTrackChange
from training.services import track_change_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def enrol(client, trainee, cohort, track="away", enrolled_on="2024-01-08"):
    data = {"trainee": trainee.pk, "cohort": cohort.pk, "track": track, "enrolled_on": enrolled_on}
    return client.post("/enrollments/add/", {**data, "language_level": ""})


# --- enrol by form -----------------------------------------------------------------------------------------------


def test_a_provider_enrols_a_trainee_by_form(centre, cohort, provider):
    trainee = trainee_of(centre)

    response = enrol(browser(provider), trainee, cohort)

    enrollment = Enrollment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/enrollments/{enrollment.pk}/"
    assert (enrollment.trainee, enrollment.cohort, enrollment.track, enrollment.status) == (
        trainee, cohort, "away", "enrolled"
    )  # fmt: skip
    assert enrollment.enrolled_on == dt.date(2024, 1, 8)


def test_enrolling_on_a_full_track_is_a_conflict_and_saves_nothing(centre, cohort, provider):
    EnrollmentFactory(cohort=cohort, track="away")
    trainee = trainee_of(centre)

    response = enrol(browser(provider), trainee, cohort)

    assert response.status_code == 409
    page = response.content.decode()
    assert "The cohort&#x27;s 1 away-track seats are all taken." in page
    assert 'id="id_track_error"' in page  # beside the track
    assert Enrollment.objects.count() == 1
    assert not Enrollment.objects.filter(trainee=trainee).exists()


def test_an_invalid_enrolment_is_400_with_the_error_beside_the_field_and_the_input_kept(centre, cohort, provider):
    trainee = trainee_of(centre)

    response = enrol(browser(provider), trainee, cohort, enrolled_on="1949-01-01")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_enrolled_on_error"' in page
    assert 'value="1949-01-01"' in page
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "agency", "ministry", "other_centre"])
def test_only_the_centre_s_editors_enrol(centre, cohort, partnership, who):
    user = {
        "viewer": lambda: member_of(centre.organisation, "viewer"),
        "agency": lambda: agency_member(partnership),
        "ministry": lambda: ministry("NG"),
        "other_centre": other_centre_member,
    }[who]()

    response = enrol(browser(user), trainee_of(centre), cohort)

    assert response.status_code in (400, 403)  # the cohort is not offered, or the row is not theirs to write
    assert not Enrollment.objects.exists()


# --- who sees an enrollment ---------------------------------------------------------------------------------------


def test_enrollment_pages_per_role(centre, cohort, partnership, provider):
    enrollment = EnrollmentFactory(cohort=cohort, trainee=trainee_of(centre))
    url = f"/enrollments/{enrollment.pk}/"

    own = browser(provider)
    assert [own.get(url + tail).status_code for tail in ("", "edit/", "history/", "change-track/", "complete/")] == [
        200
    ] * 5
    assert own.get("/enrollments/").status_code == own.get(f"/enrollments/add/?cohort={cohort.pk}").status_code == 200
    assert browser(agency_member(partnership)).get(url).status_code == 200
    assert browser(agency_member(partnership)).get(f"{url}edit/").status_code == 403
    assert browser(ministry("NG")).get(url).status_code == 200
    for outsider in (other_centre_member(), employer_member(partnership), donor_member(partnership)):
        client = browser(outsider)
        assert [client.get(url + tail).status_code for tail in ("", "edit/", "history/", "change-track/")] == [404] * 4
    list_page = browser(donor_member(partnership)).get("/enrollments/").content.decode()
    assert str(enrollment.trainee) not in list_page


# --- completion and certification ---------------------------------------------------------------------------------


def test_completion_then_certification(cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")
    client = browser(provider)

    completed = client.post(f"/enrollments/{enrollment.pk}/complete/", {"completed_on": "2024-12-20"})
    certified = client.post(f"/enrollments/{enrollment.pk}/certify/", {"certified_on": "2025-01-15"})

    assert (completed.status_code, certified.status_code) == (302, 302)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on) == ("completed", dt.date(2024, 12, 20))
    assert (enrollment.certified, enrollment.certified_on) == (True, dt.date(2025, 1, 15))


def test_certifying_before_completion_is_refused_beside_the_field(cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = browser(provider).post(f"/enrollments/{enrollment.pk}/certify/", {"certified_on": "2025-01-15"})

    assert response.status_code == 400
    assert "Certification needs a completed enrollment" in response.content.decode()
    enrollment.refresh_from_db()
    assert (enrollment.certified, enrollment.certified_on) == (False, None)


def test_the_edit_form_records_a_drop_out_and_a_return_needs_a_seat(cohort, provider):
    active = EnrollmentFactory(cohort=cohort, track="home")
    EnrollmentFactory(cohort=cohort, track="home")  # the cohort's two home seats are now taken
    client = browser(provider)
    fields = {"completed_on": "", "certified_on": "", "language_level": ""}

    dropped = client.post(
        f"/enrollments/{active.pk}/edit/", {**fields, "status": "dropped_out", "dropped_on": "2024-03-01"}
    )
    EnrollmentFactory(cohort=cohort, track="home")  # its seat is given to another trainee
    back = client.post(f"/enrollments/{active.pk}/edit/", {**fields, "status": "enrolled", "dropped_on": ""})

    assert dropped.status_code == 302
    assert back.status_code == 409
    assert "The cohort&#x27;s 2 home-track seats are all taken." in back.content.decode()
    active.refresh_from_db()
    assert (active.status, active.dropped_on) == ("dropped_out", dt.date(2024, 3, 1))


# --- track changes ------------------------------------------------------------------------------------------------


def test_the_track_changes_with_its_reason_recorded(centre, cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away", trainee=trainee_of(centre))

    response = browser(provider).post(
        f"/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Prefers to stay"}
    )

    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.track == "home"
    change = EnrollmentTrackChange.objects.get()
    assert (change.from_track, change.to_track, change.reason, change.changed_by) == (
        "away", "home", "Prefers to stay", provider
    )  # fmt: skip
    page = browser(provider).get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert "Prefers to stay" in page


def test_a_track_change_needs_a_reason(cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = browser(provider).post(f"/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": ""})

    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert (Enrollment.objects.get().track, EnrollmentTrackChange.objects.count()) == ("away", 0)


def test_changing_to_a_full_track_is_a_conflict(cohort, provider):
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = browser(provider).post(
        f"/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Family"}
    )

    assert response.status_code == 409
    assert "The cohort&#x27;s 2 home-track seats are all taken." in response.content.decode()
    assert (Enrollment.objects.get(pk=enrollment.pk).track, EnrollmentTrackChange.objects.count()) == ("away", 0)


def test_a_track_change_a_higher_app_refuses_is_a_conflict(cohort, provider):
    from gsp.errors import Refused

    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    def placement_held(enrollment):
        raise Refused({"track": "The trainee holds a placement on the away track."})

    track_change_checks.append(placement_held)
    try:
        response = browser(provider).post(
            f"/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Family"}
        )
    finally:
        track_change_checks.remove(placement_held)

    assert response.status_code == 409
    assert "The trainee holds a placement on the away track." in response.content.decode()
    assert Enrollment.objects.get(pk=enrollment.pk).track == "away"


def test_a_viewer_may_not_change_the_track(centre, cohort):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = browser(member_of(centre.organisation, "viewer")).post(
        f"/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Family"}
    )

    assert response.status_code == 403
    assert Enrollment.objects.get().track == "away"


# --- the list -----------------------------------------------------------------------------------------------------


def test_the_list_filters_with_the_api_s_filterset(cohort, provider):
    done = EnrollmentFactory(
        cohort=cohort, track="away", status="completed", completed_on=dt.date(2024, 12, 20),
        trainee=trainee_of(cohort.course.centre, family_name="Okafor"),
    )  # fmt: skip
    EnrollmentFactory(cohort=cohort, track="home", trainee=trainee_of(cohort.course.centre, family_name="Bello"))

    page = browser(provider).get("/enrollments/", {"status": "completed"}).content.decode()

    assert str(done.trainee) in page and "Bello" not in page


def test_the_enrollment_list_is_flat(cohort, provider):
    user = UserFactory()
    cohort.seats_home = 100
    cohort.save()

    def enrollment_with_a_track_change():
        EnrollmentTrackChangeFactory(enrollment=EnrollmentFactory(cohort=cohort, track="home"), changed_by=user)

    assert_flat_page(browser(provider), "/enrollments/?per_page=50", enrollment_with_a_track_change)
