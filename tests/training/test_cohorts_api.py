"""Cohorts through the API: a provider opens them in its partnerships; filters; the list's query count is flat."""

import datetime as dt

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, ids
from tests.partnerships.factories import PartnershipFactory
from tests.training.factories import CohortFactory, CourseFactory
from training.models import Cohort

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def new_cohort(partnership, course, **fields) -> dict:
    return {
        "partnership": partnership.pk, "course": course.pk, "code": "2025-a", "start_date": "2025-01-13",
        "end_date": "2025-12-19", "seats_home": 20, "seats_away": 10, **fields,
    }  # fmt: skip


def test_a_provider_creates_a_cohort_of_its_course_in_its_partnership(partnership, course, provider):
    response = client_for(provider).post("/api/v1/cohorts/", new_cohort(partnership, course))

    assert response.status_code == 201, response.json()
    cohort = Cohort.objects.get(pk=response.json()["id"])
    assert (cohort.code, cohort.seats_home, cohort.seats_away, cohort.end_date) == (
        "2025-a", 20, 10, dt.date(2025, 12, 19)
    )  # fmt: skip


def test_a_cohort_needs_its_centre_to_be_a_party(staff_client):
    course = CourseFactory()  # its centre is not a party of the new partnership

    response = staff_client.post("/api/v1/cohorts/", new_cohort(PartnershipFactory(), course))

    assert error_of(response, 400, "invalid")["errors"] == {
        "course": ["The course's training centre is not a party to this partnership."]
    }


def test_cohorts_filter_by_partnership_track_and_start(partnership, course, staff_client):
    early = CohortFactory(partnership=partnership, course=course, seats_away=0, start_date=dt.date(2023, 1, 9))
    late = CohortFactory(
        partnership=partnership, course=course, start_date=dt.date(2025, 1, 13), end_date=dt.date(2025, 12, 19)
    )
    elsewhere = CohortFactory()

    assert ids(staff_client.get(f"/api/v1/cohorts/?partnership={partnership.pk}")) == [early.pk, late.pk]
    assert ids(staff_client.get("/api/v1/cohorts/?track=away")) == sorted([late.pk, elsewhere.pk])
    assert ids(staff_client.get("/api/v1/cohorts/?start_date_after=2024-06-01")) == [late.pk]
    assert ids(staff_client.get("/api/v1/cohorts/?occupation=22&start_date_before=2024-06-01")) == sorted(
        [early.pk, elsewhere.pk]
    )


def test_cohorts_list_is_flat(partnership, course, provider):
    assert_flat(client_for(provider), "/api/v1/cohorts/", lambda: CohortFactory(partnership=partnership, course=course))
