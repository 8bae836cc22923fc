"""Enrollments through the API: seats per track under a lock, track changes with a reason, completion; filters; the
list's query count is flat."""

import datetime as dt

import pytest
from django.utils import timezone

from identity.access import actor_label
from tests.api_helpers import assert_flat, client_for, error_of, ids, member_of
from tests.identity.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.api_helpers import trainee_of
from tests.training.factories import (
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    EnrollmentTrackChangeFactory,
    TraineeFactory,
)
from training.models import Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def enrol(client, trainee, cohort, track="away"):
    return client.post(
        "/api/v1/enrollments/",
        {"trainee": trainee.pk, "cohort": cohort.pk, "track": track, "enrolled_on": "2024-01-08"},
    )


def test_a_provider_enrols_a_trainee(centre, cohort, provider):
    trainee = trainee_of(centre)

    response = enrol(client_for(provider), trainee, cohort)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["trainee"], body["cohort"], body["track"], body["status"]) == (
        trainee.pk,
        cohort.pk,
        "away",
        "enrolled",
    )
    assert body["track_changes"] == []
    assert Enrollment.objects.get(pk=body["id"]).enrolled_on == dt.date(2024, 1, 8)


def test_enrolling_on_a_full_track_is_a_conflict(centre, cohort, provider):
    EnrollmentFactory(cohort=cohort, track="away")

    response = enrol(client_for(provider), trainee_of(centre), cohort)

    body = error_of(response, 409, "refused")
    assert body["errors"] == {"track": ["The cohort's 1 away-track seats are all taken."]}
    assert body["detail"] == "The cohort's 1 away-track seats are all taken."
    assert Enrollment.objects.count() == 1


def test_a_provider_viewer_cannot_enrol(centre, cohort):
    response = enrol(client_for(member_of(centre.organisation, "viewer")), trainee_of(centre), cohort)

    error_of(response, 403, "permission_denied")
    assert not Enrollment.objects.exists()


def test_the_track_changes_with_a_reason_and_is_read_only_otherwise(centre, cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away", trainee=trainee_of(centre))
    client = client_for(provider)

    untouched = client.patch(f"/api/v1/enrollments/{enrollment.pk}/", {"track": "home", "language_level": "B1"})
    changed = client.post(
        f"/api/v1/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Prefers to stay"}
    )

    assert (untouched.status_code, untouched.json()["track"], untouched.json()["language_level"]) == (200, "away", "B1")
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["track"] == "home"
    assert [{k: v for k, v in c.items() if k != "changed_at"} for c in body["track_changes"]] == [
        {"from_track": "away", "to_track": "home", "reason": "Prefers to stay", "changed_by": actor_label(provider)}
    ]
    assert Enrollment.objects.get(pk=enrollment.pk).track == "home"


def test_changing_to_a_full_track_is_a_conflict(centre, cohort, provider):
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = client_for(provider).post(
        f"/api/v1/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Family"}
    )

    assert error_of(response, 409, "refused")["errors"] == {"track": ["The cohort's 2 home-track seats are all taken."]}
    assert Enrollment.objects.get(pk=enrollment.pk).track == "away"


def test_changing_to_the_same_track_is_invalid_and_a_viewer_may_not_change_it(centre, cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")
    url = f"/api/v1/enrollments/{enrollment.pk}/change-track/"

    same = client_for(provider).post(url, {"track": "away", "reason": "None"})
    viewer = client_for(member_of(centre.organisation, "viewer")).post(url, {"track": "home", "reason": "Family"})

    assert error_of(same, 400, "invalid")["errors"] == {"track": ["The enrollment is already on this track."]}
    error_of(viewer, 403, "permission_denied")


def test_completion_is_recorded_and_a_return_from_drop_out_needs_a_seat(cohort, provider):
    active = EnrollmentFactory(cohort=cohort, track="away")
    dropped = EnrollmentFactory(cohort=cohort, track="home", status="dropped_out", dropped_on=dt.date(2024, 3, 1))
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    client = client_for(provider)

    completed = client.patch(
        f"/api/v1/enrollments/{active.pk}/",
        {"status": "completed", "completed_on": "2024-12-20", "certified": True, "certified_on": "2025-01-15"},
    )
    back = client.patch(f"/api/v1/enrollments/{dropped.pk}/", {"status": "enrolled", "dropped_on": None})

    assert completed.status_code == 200, completed.json()
    assert (completed.json()["status"], completed.json()["certified_on"]) == ("completed", "2025-01-15")
    assert error_of(back, 409, "refused")["errors"] == {"track": ["The cohort's 2 home-track seats are all taken."]}
    assert Enrollment.objects.get(pk=dropped.pk).status == "dropped_out"


def test_enrollments_filter(partnership, cohort, staff_client):
    other_course = CourseFactory(occupation=OccupationFactory(code="7212", title="Welders"))
    welding = CohortFactory(course=other_course, start_date=dt.date(2025, 1, 6), end_date=dt.date(2025, 7, 4))
    done = EnrollmentFactory(
        cohort=cohort, track="away", status="completed", completed_on=dt.date(2024, 12, 20),
        certified=True, certified_on=dt.date(2025, 1, 10), trainee=TraineeFactory(nationality=country("FJ")),
    )  # fmt: skip
    home = EnrollmentFactory(cohort=cohort, track="home")
    welder = EnrollmentFactory(cohort=welding, track="home", enrolled_on=dt.date(2025, 1, 6))
    Enrollment.objects.filter(pk=home.pk).update(updated=timezone.now() - dt.timedelta(days=30))
    Enrollment.objects.filter(pk=done.pk).update(updated=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    def get(query):
        return ids(staff_client.get("/api/v1/enrollments/", query))

    assert get({"partnership": partnership.pk}) == sorted([done.pk, home.pk])
    assert get({"cohort": welding.pk}) == [welder.pk]
    assert get({"course": other_course.pk}) == [welder.pk]
    assert get({"occupation": "22"}) == sorted([done.pk, home.pk])
    assert get({"track": "home"}) == sorted([home.pk, welder.pk])
    assert get({"status": ["completed", "dropped_out"]}) == [done.pk]
    assert get({"certified": "true"}) == [done.pk]
    assert get({"nationality": "FJ"}) == [done.pk]
    assert get({"trainee": home.trainee_id}) == [home.pk]
    assert get({"enrolled_after": "2024-06-01"}) == [welder.pk]
    assert get({"completed_after": "2024-12-01", "completed_before": "2024-12-31"}) == [done.pk]
    assert get({"updated_since": since}) == [welder.pk]
    ordered = staff_client.get("/api/v1/enrollments/", {"ordering": "-id"}).json()["results"]
    assert ordered[0]["id"] == max(e.pk for e in (done, home, welder))


def test_a_filter_naming_an_invisible_partnership_is_refused_like_a_nonexistent_one(centre, provider):
    hidden = PartnershipFactory()

    hidden_response = client_for(provider).get("/api/v1/enrollments/", {"partnership": hidden.pk})
    missing_response = client_for(provider).get("/api/v1/enrollments/", {"partnership": hidden.pk + 1000})

    assert error_of(hidden_response, 400, "invalid")["errors"] == error_of(missing_response, 400, "invalid")["errors"]


def test_enrollments_list_is_flat(cohort, provider):
    user = UserFactory()

    def enrollment_with_a_track_change():
        EnrollmentTrackChangeFactory(enrollment=EnrollmentFactory(cohort=cohort, track="home"), changed_by=user)

    assert_flat(client_for(provider), "/api/v1/enrollments/", enrollment_with_a_track_change)
