"""`enrollment.completed` is emitted when an enrollment becomes completed, by the service the form and the API call
(once: saving a completed enrollment again emits nothing), and never by a change refused or rolled back."""

import datetime as dt

import pytest
from django.db import transaction

from identity.webhooks.models import Event
from tests.api_helpers import client_for, member_of
from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory
from training.services import enrollment_create, enrollment_update

pytestmark = pytest.mark.django_db


def completed_events():
    return list(Event.objects.filter(type="enrollment.completed").values_list("object_id", "partnership_id", "context"))


def test_completing_an_enrollment_emits_one_event():
    enrollment = EnrollmentFactory()
    completed_on = enrollment.cohort.end_date

    enrollment_update(enrollment=enrollment, status="completed", completed_on=completed_on)
    enrollment_update(enrollment=enrollment, certified=True, certified_on=completed_on)  # already completed

    assert completed_events() == [
        (enrollment.pk, enrollment.cohort.partnership_id, {"completed_on": completed_on.isoformat()})
    ]


def test_an_enrollment_created_completed_emits_it_and_an_enrolled_one_does_not():
    cohort = CohortFactory()
    enrollment_create(trainee=TraineeFactory(), cohort=cohort, track="away", enrolled_on=cohort.start_date)
    done = enrollment_create(
        trainee=TraineeFactory(), cohort=cohort, track="home", enrolled_on=cohort.start_date, status="completed",
        completed_on=cohort.end_date,
    )  # fmt: skip

    assert [row[0] for row in completed_events()] == [done.pk]


def test_a_completion_rolled_back_leaves_no_event():
    enrollment = EnrollmentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        enrollment_update(enrollment=enrollment, status="completed", completed_on=enrollment.cohort.end_date)
        raise RuntimeError("the request failed after the change")

    assert completed_events() == []


def test_completing_through_the_api_emits_it():
    enrollment = EnrollmentFactory()
    centre_editor = member_of(enrollment.cohort.course.centre.organisation, "editor")
    day = enrollment.cohort.end_date

    response = client_for(centre_editor).patch(
        f"/api/v1/enrollments/{enrollment.pk}/", {"status": "completed", "completed_on": day.isoformat()}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert completed_events() == [(enrollment.pk, enrollment.cohort.partnership_id, {"completed_on": str(day)})]
    assert dt.date.fromisoformat(str(day))
