"""Declining and withdrawing an offer record their date, and "placed" reads the dates alone (DESIGN §3), so a later
change never alters a past report."""

import datetime as dt

import pytest
from django.utils import timezone

from migration_tracks.models import Placement
from migration_tracks.selectors import placed_enrollments_q, skill_needs_with_positions
from migration_tracks.services import placement_answer, placement_create, placement_update
from partnerships.models import SkillNeed
from tests.api_helpers import client_for, error_of, member_of
from tests.migration_tracks.api_helpers import completed, offer
from training.models import Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

D = dt.date


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


# --- through the API ------------------------------------------------------------------------------------------


def test_withdrawing_by_patch_records_today(placement, employer_user):
    response = client_for(employer_user).patch(url(placement), {"status": "withdrawn"})

    assert response.status_code == 200, response.json()
    today = timezone.localdate()
    assert (response.json()["status"], response.json()["withdrawn_on"]) == ("withdrawn", today.isoformat())
    assert Placement.objects.get(pk=placement.pk).withdrawn_on == today


def test_withdrawing_by_patch_keeps_the_date_given(placement, employer_user):
    response = client_for(employer_user).patch(url(placement), {"status": "withdrawn", "withdrawn_on": "2025-02-14"})

    assert (response.status_code, response.json()["withdrawn_on"]) == (200, "2025-02-14"), response.json()


def test_a_withdrawal_dated_before_the_offer_is_a_400(placement, employer_user):
    response = client_for(employer_user).patch(url(placement), {"status": "withdrawn", "withdrawn_on": "2025-01-05"})

    assert error_of(response, 400, "invalid")["errors"] == {"withdrawn_on": ["This date is before offered."]}
    assert Placement.objects.get(pk=placement.pk).status == "offered"


def test_declining_records_the_date_of_the_answer(placement, centre):
    response = centre.post(url(placement, "decline"), {"date": "2025-01-12"})

    assert (response.status_code, response.json()["declined_on"]) == (200, "2025-01-12"), response.json()
    assert Placement.objects.get(pk=placement.pk).declined_on == D(2025, 1, 12)


def test_the_decline_date_is_not_written_directly(placement, employer_user):
    response = client_for(employer_user).patch(url(placement), {"declined_on": "2025-01-12"})

    assert (response.status_code, response.json()["declined_on"]) == (200, None)
    assert Placement.objects.get(pk=placement.pk).declined_on is None


def test_wage_period_and_repayment_terms_are_written(placement, employer_user):
    terms = {
        "wage_amount": "42000.00", "wage_currency": "EUR", "wage_period": "year", "repayment_amount": "15000.00",
        "repayment_currency": "EUR", "repayment_percent": "10.00", "repayment_months": 48,
    }  # fmt: skip

    response = client_for(employer_user).patch(url(placement), terms)

    assert response.status_code == 200, response.json()
    assert {k: response.json()[k] for k in terms} == terms


def test_a_repayment_amount_without_its_currency_is_a_400(placement, employer_user):
    response = client_for(employer_user).patch(url(placement), {"repayment_amount": "15000.00"})

    assert error_of(response, 400, "invalid")["errors"] == {
        "repayment_currency": ["A repayment amount needs its currency."]
    }


# --- through the services ---------------------------------------------------------------------------------------


def test_declining_by_update_records_today_and_a_revived_offer_forgets_it(cohort, need):
    placement = placement_create(enrollment=completed(cohort), skill_need=need, offered_on=D(2025, 1, 6))

    declined = placement_update(placement=placement, status="declined")
    assert declined.declined_on == timezone.localdate()
    revived = placement_update(placement=placement, status="accepted", accepted_on=D(2025, 1, 20))

    assert (revived.status, revived.declined_on) == ("accepted", None)


def test_a_new_withdrawn_row_gets_its_date(cohort, need):
    placement = placement_create(
        enrollment=completed(cohort), skill_need=need, offered_on=D(2025, 1, 6), status="withdrawn"
    )

    assert placement.withdrawn_on == timezone.localdate()


def test_placed_reads_the_dates_not_the_status(cohort, need):
    """Started on 1 February, withdrawn on 1 June 2025: placed as of March, no longer as of June or today."""
    enrollment = completed(cohort)
    placement = placement_create(enrollment=enrollment, skill_need=need, offered_on=D(2025, 1, 6))
    placement_answer(placement=placement, accept=True, on=D(2025, 1, 10))
    placement_update(placement=placement, status="started", started_on=D(2025, 2, 1))
    placement_update(placement=placement, status="withdrawn", withdrawn_on=D(2025, 6, 1))

    def placed(on):
        filled = skill_needs_with_positions(SkillNeed.objects.filter(pk=need.pk), on).get().positions_filled
        return filled, Enrollment.objects.filter(placed_enrollments_q(on), pk=enrollment.pk).exists()

    assert [placed(on) for on in (D(2025, 1, 31), D(2025, 3, 1), D(2025, 5, 31), D(2025, 6, 1), None)] == [
        (0, False),
        (1, True),
        (1, True),
        (0, False),
        (0, False),
    ]
