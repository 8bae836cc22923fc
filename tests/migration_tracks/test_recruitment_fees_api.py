"""Recruitment fees through the API: recorded by the agency, seen by the employer; the list's query count is flat."""

import pytest

from migration_tracks.models import RecruitmentFee
from tests.api_helpers import assert_flat, client_for, ids
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory, RecruitmentFeeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_an_agency_records_a_fee_the_employer_sees(cohort, need, agent, employer_user):
    placement = PlacementFactory(enrollment=completed(cohort), skill_need=need)
    body = {"placement": placement.pk, "amount": "150.00", "currency": "NGN", "payee": "Agent", "paid_on": "2025-01-10"}

    response = client_for(agent).post("/api/v1/recruitment-fees/", body)

    assert response.status_code == 201, response.json()
    assert RecruitmentFee.objects.get().payee == "Agent"
    assert ids(client_for(employer_user).get("/api/v1/recruitment-fees/")) == [response.json()["id"]]


def test_recruitment_fees_list_is_flat(cohort, need, agent):
    def fee():
        RecruitmentFeeFactory(placement=PlacementFactory(enrollment=completed(cohort), skill_need=need))

    assert_flat(client_for(agent), "/api/v1/recruitment-fees/", fee)
