"""`placement.created`, `placement.started` and `migration_case.stage_changed` are emitted by the services that make
those changes (the API and the pages call them), in the change's transaction: a refused change emits nothing."""

import datetime as dt

import pytest

from gsp.errors import Refused
from identity.webhooks.models import Event
from migration_tracks.services import migration_case_advance, placement_create, placement_update
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.training.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def events(event_type):
    return list(Event.objects.filter(type=event_type).values_list("object_id", "partnership_id", "context"))


def test_an_offer_emits_placement_created(need, cohort, employer_user):
    enrollment = EnrollmentFactory(cohort=cohort, status="completed", completed_on=cohort.end_date)

    placement = placement_create(
        enrollment=enrollment, skill_need=need, offered_on=dt.date(2025, 1, 6), user=employer_user
    )

    assert events("placement.created") == [(placement.pk, need.partnership_id, {})]
    assert events("placement.started") == []


def test_an_offer_refused_for_lack_of_positions_emits_nothing(need, cohort):
    need.positions = 1
    need.save()
    PlacementFactory(skill_need=need, enrollment__cohort=cohort)
    enrollment = EnrollmentFactory(cohort=cohort, status="completed", completed_on=cohort.end_date)

    with pytest.raises(Refused):
        placement_create(enrollment=enrollment, skill_need=need, offered_on=dt.date(2025, 1, 6))

    assert Event.objects.count() == 0


def test_starting_a_placement_emits_placement_started_once(need, cohort):
    placement = PlacementFactory(
        skill_need=need, enrollment__cohort=cohort, status="accepted", accepted_on=dt.date(2025, 1, 10)
    )

    placement_update(placement=placement, status="started", started_on=dt.date(2025, 3, 1))
    placement_update(placement=placement, wage_amount="2500.00", wage_currency="GBP", wage_period="month")

    assert events("placement.started") == [(placement.pk, need.partnership_id, {"started_on": "2025-03-01"})]
    assert events("placement.created") == []  # made by the factory, not by the service


def test_a_journey_moving_forward_emits_its_stage_change_and_a_refused_move_nothing():
    case = MigrationCaseFactory()

    migration_case_advance(case=case, stage="visa_applied", on=dt.date(2025, 2, 1))
    with pytest.raises(Refused):
        migration_case_advance(case=case, stage="job_offer", on=dt.date(2025, 2, 2))
    migration_case_advance(case=case, stage="visa_granted", on=dt.date(2025, 3, 1))

    partnership = case.placement.skill_need.partnership_id
    assert events("migration_case.stage_changed") == [
        (case.pk, partnership, {"from": "job_offer", "to": "visa_applied", "on": "2025-02-01"}),
        (case.pk, partnership, {"from": "visa_applied", "to": "visa_granted", "on": "2025-03-01"}),
    ]
