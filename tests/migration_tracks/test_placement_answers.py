"""Only the candidate's side answers an offer, and only its acceptance reveals who the worker is (finding 12): an
employer that logs a huge need and offers to every candidate learns nobody's name, and an offer is withdrawn, never
deleted, so its trace stays."""

import pytest

from migration_tracks.models import Placement
from tests.api_helpers import client_for, error_of, member_of
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import candidates_of, completed, offer
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def centre(cohort):
    return client_for(member_of(cohort.course.centre.organisation))


@pytest.fixture
def placement(cohort, need, employer_user):
    response = offer(client_for(employer_user), completed(cohort), need)
    assert response.status_code == 201, response.json()
    return Placement.objects.get(pk=response.json()["id"])


def url(placement, action: str = "") -> str:
    return f"/api/v1/placements/{placement.pk}/" + (f"{action}/" if action else "")


def test_an_employer_offering_to_every_candidate_of_a_huge_need_learns_no_name(partnership, cohort, employer):
    own_need = SkillNeedFactory(
        partnership=partnership, employer=employer, positions=1000, occupation=cohort.course.occupation
    )
    people = [completed(cohort) for _ in range(5)]
    client = client_for(member_of(employer))
    for enrollment in people:
        assert offer(client, enrollment, own_need).status_code == 201

    body = client.get("/api/v1/trainees/").content.decode() + client.get("/api/v1/enrollments/").content.decode()
    assert [row["trainee"] for row in candidates_of(client, own_need)] == [None] * 5
    for enrollment in people:
        assert enrollment.trainee.family_name not in body
        assert client.get(f"/api/v1/trainees/{enrollment.trainee_id}/").status_code == 404


@pytest.mark.parametrize("change", [{"status": "accepted"}, {"status": "declined"}, {"accepted_on": "2025-01-10"}])
def test_an_employer_cannot_answer_its_own_offer(placement, employer_user, change):
    response = client_for(employer_user).patch(url(placement), change)
    assert "Only the candidate's training centre" in error_of(response, 403, "permission_denied")["detail"]
    placement.refresh_from_db()
    assert (placement.status, placement.accepted_on) == ("offered", None)
    assert client_for(employer_user).get(f"/api/v1/trainees/{placement.enrollment.trainee_id}/").status_code == 404


def test_an_employer_cannot_make_an_offer_that_is_already_accepted(cohort, need, employer_user):
    response = offer(client_for(employer_user), completed(cohort), need, status="accepted", accepted_on="2025-01-10")
    error_of(response, 409, "refused")
    assert not Placement.objects.exists()


def test_a_placement_starts_only_once_accepted(placement, employer_user, centre):
    refused = client_for(employer_user).patch(url(placement), {"status": "started", "started_on": "2025-03-03"})
    assert "has not accepted" in error_of(refused, 409, "refused")["detail"]
    assert centre.post(url(placement, "accept"), {"date": "2025-01-10"}).status_code == 200
    started = client_for(employer_user).patch(url(placement), {"status": "started", "started_on": "2025-03-03"})
    assert started.status_code == 200, started.json()


def test_the_employer_cannot_use_the_answer_actions(placement, employer_user):
    response = client_for(employer_user).post(url(placement, "accept"), {"date": "2025-01-10"})
    error_of(response, 403, "permission_denied")


def test_the_candidates_centre_accepts_and_the_employer_then_sees_the_person(placement, employer_user, centre):
    accepted = centre.post(url(placement, "accept"), {"date": "2025-01-10"})
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert client_for(employer_user).get(f"/api/v1/trainees/{placement.enrollment.trainee_id}/").status_code == 200


def test_an_agency_of_the_partnership_answers_too(placement, agent):
    declined = client_for(agent).post(url(placement, "decline"), {"date": "2025-01-10"})
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")


def test_another_centre_cannot_answer(placement, partnership):
    other = CohortFactory(partnership=partnership, course=CourseFactory(centre=TrainingCentreFactory()))
    stranger = client_for(member_of(other.course.centre.organisation))
    error_of(stranger.post(url(placement, "accept"), {"date": "2025-01-10"}), 404, "not_found")


def test_an_answered_offer_is_not_answered_again(placement, centre):
    assert centre.post(url(placement, "decline"), {"date": "2025-01-10"}).status_code == 200
    error_of(centre.post(url(placement, "accept"), {"date": "2025-01-11"}), 409, "refused")


def test_accepting_into_a_full_need_is_refused(cohort, partnership, employer, employer_user, centre):
    need = SkillNeedFactory(
        partnership=partnership, employer=employer, positions=1, occupation=cohort.course.occupation
    )
    client = client_for(employer_user)
    first = offer(client, completed(cohort), need).json()["id"]
    second = offer(client, completed(cohort), need)
    assert second.status_code == 409  # the first offer holds the only position already
    declined = centre.post(f"/api/v1/placements/{first}/decline/", {"date": "2025-01-10"})
    assert declined.status_code == 200


def test_an_offer_is_withdrawn_never_deleted_and_keeps_its_history(placement, employer_user):
    client = client_for(employer_user)
    error_of(client.delete(url(placement)), 403, "permission_denied")
    assert client.patch(url(placement), {"status": "withdrawn"}).status_code == 200
    assert Placement.objects.filter(pk=placement.pk, status="withdrawn").exists()
    assert [r["action"] for r in client.get(url(placement, "history")).json()] == ["changed", "created"]


def test_other_organisations_see_no_placement_of_the_centre(placement):
    stranger = client_for(member_of(OrganisationFactory(kind="training_provider")))
    assert stranger.get("/api/v1/placements/").json()["results"] == []
