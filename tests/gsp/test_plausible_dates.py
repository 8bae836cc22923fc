"""Dates far outside reason are refused, and the schema states the bounds (finding 10)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

YEAR_1, YEAR_9999 = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def field_errors(obj) -> dict:
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    return refused.value.message_dict


def field_errors_or_none(obj) -> dict:
    try:
        obj.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.parametrize("born", [YEAR_9999, timezone.localdate() + dt.timedelta(days=1), dt.date(1899, 12, 31)])
def test_a_trainee_is_born_between_1900_and_today(born):
    trainee = TraineeFactory.build(date_of_birth=born)
    assert "date_of_birth" in field_errors(trainee)


@pytest.mark.parametrize("moment", [dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, tzinfo=dt.UTC)])
def test_consent_is_given_between_1950_and_now(moment):
    trainee = TraineeFactory.build(consent_given_at=moment)
    assert "consent_given_at" in field_errors(trainee)


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999, dt.date(1949, 12, 31), dt.date(2101, 1, 1)])
def test_event_dates_lie_between_1950_and_2100(day):
    need = SkillNeedFactory()
    need.needed_by = day
    assert "needed_by" in field_errors(need)
    enrollment = EnrollmentFactory()
    enrollment.enrolled_on = day
    assert "enrolled_on" in field_errors(enrollment)
    placement = PlacementFactory()
    placement.offered_on = day
    assert "offered_on" in field_errors(placement)


def test_the_bounds_themselves_are_accepted():
    need = SkillNeedFactory(needed_by=dt.date(2100, 12, 31))
    need.full_clean()
    cohort = CohortFactory()
    cohort.start_date = dt.date(1950, 1, 1)
    assert "start_date" not in field_errors_or_none(cohort)


def test_the_api_answers_400_for_a_birth_date_in_9999(staff_client):
    response = staff_client.post("/api/v1/trainees/", {"date_of_birth": "9999-12-31"}, format="json")
    assert response.status_code == 400
    assert "date_of_birth" in response.json()["errors"]


def test_the_schema_states_the_bounds(staff_client):
    schema = staff_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    props = schema["components"]["schemas"]["SkillNeed"]["properties"]
    assert "Between 1950-01-01 and 2100-12-31." in props["needed_by"]["description"]
    trainee = schema["components"]["schemas"]["Trainee"]["properties"]
    assert "Between 1900-01-01 and today." in trainee["date_of_birth"]["description"]
