"""Helpers of the migration_tracks API tests: completers of a cohort, offers, and the candidates of a skill need."""

from tests.training.factories import EnrollmentFactory


def completed(cohort, track="away", **fields):
    fields = {"completed_on": cohort.end_date, "language_level": "B2", **fields}
    return EnrollmentFactory(cohort=cohort, track=track, status="completed", **fields)


def offer(client, enrollment, need, **fields):
    body = {"enrollment": enrollment.pk, "skill_need": need.pk, "offered_on": "2025-01-06", **fields}
    return client.post("/api/v1/placements/", body)


def candidates_of(client, need, **query) -> list[dict]:
    response = client.get(f"/api/v1/skill-needs/{need.pk}/candidates/", query)
    assert response.status_code == 200, response.json()
    return response.json()["results"]
