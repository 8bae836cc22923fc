"""Follow-ups through the API: the training centre follows up its completers; filters; the list's query count is
flat."""

import datetime as dt

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, ids, member_of
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import FollowUpFactory
from tests.training.factories import EnrollmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_the_centre_follows_up_completers_only(cohort):
    client = client_for(member_of(cohort.course.centre.organisation))
    survey = {"months_since_completion": 12, "surveyed_on": "2025-12-20", "employed": True, "same_employer": True}

    done = client.post("/api/v1/follow-ups/", {"enrollment": completed(cohort).pk, **survey})
    studying = client.post("/api/v1/follow-ups/", {"enrollment": EnrollmentFactory(cohort=cohort).pk, **survey})

    assert done.status_code == 201, done.json()
    assert (done.json()["months_since_completion"], done.json()["same_employer"]) == (12, True)
    assert error_of(studying, 400, "invalid")["errors"] == {"enrollment": ["Only completers are followed up."]}


def test_follow_ups_filter_by_months_and_track(cohort, staff_client):
    at_6 = FollowUpFactory(enrollment=completed(cohort), months_since_completion=6, surveyed_on=dt.date(2025, 6, 20))
    at_12 = FollowUpFactory(enrollment=completed(cohort, track="home"), months_since_completion=12)

    assert ids(staff_client.get("/api/v1/follow-ups/", {"months_since_completion": 6})) == [at_6.pk]
    assert ids(staff_client.get("/api/v1/follow-ups/", {"track": "home"})) == [at_12.pk]
    assert ids(staff_client.get("/api/v1/follow-ups/", {"surveyed_after": "2025-07-01"})) == [at_12.pk]


def test_follow_ups_list_is_flat(cohort):
    client = client_for(member_of(cohort.course.centre.organisation))
    assert_flat(client, "/api/v1/follow-ups/", lambda: FollowUpFactory(enrollment=completed(cohort)))
