"""Migration cases through the API: journeys that move forward only, recorded by the agency; filters; the list's
query count is flat."""

import datetime as dt

import pytest

from migration_tracks.models import MigrationCase
from tests.api_helpers import assert_flat, client_for, employer_in, error_of, ids
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import JOURNEY, MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import SkillNeedFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def advance(client, case, stage, date):
    return client.post(f"/api/v1/migration-cases/{case.pk}/advance/", {"stage": stage, "date": date})


def test_an_agency_opens_a_journey_and_moves_it_forward(cohort, need, agent):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    client = client_for(agent)

    opened = client.post(
        "/api/v1/migration-cases/", {"placement": placement.pk, "job_offer_on": "2025-01-06", "notes": "Signed"}
    )
    case = MigrationCase.objects.get()
    applied = advance(client, case, "visa_applied", "2025-02-01")
    granted = advance(client, case, "visa_granted", "2025-03-14")

    assert opened.status_code == 201, opened.json()
    assert (opened.json()["stage"], opened.json()["notes"], opened.json()["is_closed"]) == (
        "job_offer",
        "Signed",
        False,
    )
    assert applied.status_code == 200, applied.json()
    assert (granted.json()["stage"], granted.json()["visa_applied_on"], granted.json()["visa_granted_on"]) == (
        "visa_granted", "2025-02-01", "2025-03-14"
    )  # fmt: skip
    assert [h["action"] for h in client.get(f"/api/v1/migration-cases/{case.pk}/history/").json()] == [
        "changed", "changed", "created"
    ]  # fmt: skip


def test_a_journey_never_moves_back_nor_departs_without_a_visa(cohort, need, agent):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))
    client = client_for(agent)
    advance(client, case, "visa_applied", "2025-02-01")

    departed = advance(client, case, "departed", "2025-04-01")
    advance(client, case, "visa_granted", "2025-03-14")
    backwards = advance(client, case, "visa_applied", "2025-03-20")

    assert error_of(departed, 409, "refused")["errors"] == {"stage": ["No departure before the visa is granted."]}
    assert error_of(backwards, 409, "refused")["errors"] == {
        "stage": ["A case at Visa granted cannot move back to visa_applied."]
    }
    case.refresh_from_db()
    assert (case.stage, case.visa_applied_on, case.departed_on) == ("visa_granted", dt.date(2025, 2, 1), None)


def test_a_worker_returns_only_after_departure_and_the_case_closes(cohort, need, agent):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))
    client = client_for(agent)
    advance(client, case, "visa_applied", "2025-02-01"), advance(client, case, "visa_granted", "2025-03-01")

    too_early = advance(client, case, "returned", "2025-04-01")
    advance(client, case, "departed", "2025-05-01")
    returned = advance(client, case, "returned", "2025-11-30")
    after = advance(client, case, "recognised", "2025-12-01")

    assert error_of(too_early, 409, "refused")["errors"] == {"stage": ["Only a worker who departed can return."]}
    assert returned.status_code == 200, returned.json()
    body = returned.json()
    assert (body["stage"], body["returned_on"], body["is_closed"]) == ("returned", "2025-11-30", True)
    assert error_of(after, 409, "refused")["errors"] == {"stage": ["The worker has returned: this case is closed."]}
    assert MigrationCase.objects.get(pk=case.pk).stage == "returned"


def test_the_return_date_is_recorded_by_advance_only(cohort, need, agent):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))

    response = client_for(agent).patch(f"/api/v1/migration-cases/{case.pk}/", {"returned_on": "2025-11-30"})

    assert (response.status_code, response.json()["returned_on"]) == (200, None)


def test_the_employer_follows_the_journey_but_does_not_record_it(cohort, need, employer_user):
    case = MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))
    client = client_for(employer_user)

    assert client.get(f"/api/v1/migration-cases/{case.pk}/").json()["stage"] == "job_offer"
    error_of(advance(client, case, "visa_applied", "2025-02-01"), 403, "permission_denied")
    assert MigrationCase.objects.get().stage == "job_offer"


def test_a_home_track_placement_has_no_journey(partnership, cohort, agent):
    need = SkillNeedFactory(partnership=partnership, employer=employer_in("NG"))
    placement = PlacementFactory(enrollment=completed(cohort, track="home"), skill_need=need)

    response = client_for(agent).post(
        "/api/v1/migration-cases/", {"placement": placement.pk, "job_offer_on": "2025-01-06"}
    )

    assert error_of(response, 400, "invalid")["errors"] == {
        "placement": ["Only away-track placements have a migration journey."]
    }


def test_migration_cases_filter_by_stage_and_closure(cohort, need, staff_client):
    def case(**fields):
        return MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need), **fields)

    open_case = case()
    refused = case(stage="visa_refused", visa_applied_on=dt.date(2025, 2, 1), visa_refused_on=dt.date(2025, 3, 1))
    returned = case(
        stage="returned", **{k: v for k, v in JOURNEY.items() if k != "job_offer_on"}, returned_on=dt.date(2025, 9, 1)
    )

    assert ids(staff_client.get("/api/v1/migration-cases/", {"stage": "job_offer"})) == [open_case.pk]
    assert ids(staff_client.get("/api/v1/migration-cases/", {"stage": "returned"})) == [returned.pk]
    assert ids(staff_client.get("/api/v1/migration-cases/", {"closed": "true"})) == sorted([refused.pk, returned.pk])
    assert ids(staff_client.get("/api/v1/migration-cases/", {"closed": "false"})) == [open_case.pk]


def test_migration_cases_list_is_flat(cohort, need, agent):
    def case():
        MigrationCaseFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))

    assert_flat(client_for(agent), "/api/v1/migration-cases/", case)
