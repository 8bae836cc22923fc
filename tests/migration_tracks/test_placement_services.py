"""Placing workers: the track/country rule, the skill need's positions, dates and repayment terms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gsp.errors import Refused
from migration_tracks.models import MigrationCase, Placement
from migration_tracks.services import migration_case_open, placement_create, placement_update
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

D = dt.date
OFFERED = D(2025, 1, 6)
COMPLETED = D(2024, 12, 20)


@pytest.fixture
def cohort():
    return CohortFactory(seats_home=20, seats_away=20)


def completer(cohort, track="away"):
    return EnrollmentFactory(cohort=cohort, track=track, status="completed", completed_on=COMPLETED)


def destination_need(cohort, positions=2):
    return SkillNeedFactory(partnership=cohort.partnership, positions=positions)


def origin_need(cohort, positions=2):
    employer = OrganisationFactory(kind="employer", country=cohort.partnership.origin_country)
    return SkillNeedFactory(partnership=cohort.partnership, employer=employer, positions=positions)


def offer(enrollment, need, **fields):
    return placement_create(enrollment=enrollment, skill_need=need, offered_on=OFFERED, **fields)


class TestPositions:
    def test_the_position_beyond_the_need_is_refused(self, cohort):
        need = destination_need(cohort, positions=2)
        offer(completer(cohort), need)
        offer(completer(cohort), need)
        with pytest.raises(Refused) as excinfo:
            offer(completer(cohort), need)
        assert excinfo.value.message_dict == {"skill_need": ["All 2 positions of this skill need are taken."]}
        assert Placement.objects.filter(skill_need=need).count() == 2

    @pytest.mark.parametrize("status", ["declined", "withdrawn"])
    def test_an_inactive_placement_frees_its_position(self, cohort, status):
        need = destination_need(cohort, positions=2)
        first = offer(completer(cohort), need)
        offer(completer(cohort), need)
        placement_update(placement=first, status=status)
        third = offer(completer(cohort), need)
        assert Placement.objects.filter(skill_need=need).exclude(status=status).count() == 2
        assert third.status == "offered"

    def test_started_and_ended_placements_hold_their_positions(self, cohort):
        need = destination_need(cohort, positions=2)
        offer(completer(cohort), need, status="started", started_on=D(2025, 2, 1))
        offer(completer(cohort), need, status="ended", started_on=D(2025, 2, 1), ended_on=D(2025, 8, 1))
        with pytest.raises(Refused):
            offer(completer(cohort), need)

    def test_reviving_a_declined_offer_into_a_full_need_is_refused(self, cohort):
        need = destination_need(cohort, positions=1)
        declined = offer(completer(cohort), need)
        placement_update(placement=declined, status="declined")
        offer(completer(cohort), need)
        with pytest.raises(Refused) as excinfo:
            placement_update(placement=declined, status="accepted", accepted_on=D(2025, 1, 20))
        assert excinfo.value.message_dict == {"skill_need": ["All 1 positions of this skill need are taken."]}
        assert Placement.objects.get(pk=declined.pk).status == "declined"

    def test_a_declined_offer_is_recorded_even_when_the_need_is_full(self, cohort):
        need = destination_need(cohort, positions=1)
        offer(completer(cohort), need)
        assert offer(completer(cohort), need, status="declined").status == "declined"

    def test_updating_a_placement_does_not_count_itself(self, cohort):
        need = destination_need(cohort, positions=1)
        placement = offer(completer(cohort), need)
        placement_update(placement=placement, status="started", started_on=D(2025, 2, 1))
        assert Placement.objects.get(pk=placement.pk).status == "started"


class TestTrackAndCountry:
    def test_away_worker_with_a_destination_employer(self, cohort):
        placement = offer(completer(cohort, "away"), destination_need(cohort))
        assert placement.skill_need.country_id == "GB"

    def test_home_worker_with_an_origin_employer(self, cohort):
        placement = offer(completer(cohort, "home"), origin_need(cohort))
        assert placement.skill_need.country_id == "NG"

    @pytest.mark.parametrize(
        ("track", "need", "message"),
        [
            ("away", origin_need, "An away-track worker is placed with an employer in the destination."),
            ("home", destination_need, "A home-track worker is placed with an employer in the origin."),
        ],
    )
    def test_the_wrong_country_is_refused(self, cohort, track, need, message):
        with pytest.raises(ValidationError) as excinfo:
            offer(completer(cohort, track), need(cohort))
        assert excinfo.value.message_dict == {"skill_need": [message]}
        assert not Placement.objects.exists()

    def test_another_partnership_is_refused(self, cohort):
        with pytest.raises(ValidationError) as excinfo:
            offer(completer(cohort), SkillNeedFactory())
        assert excinfo.value.message_dict == {
            "skill_need": ["The skill need belongs to another partnership than the enrollment."]
        }

    def test_the_same_worker_twice_for_one_need_is_refused(self, cohort):
        enrollment, need = completer(cohort), destination_need(cohort)
        offer(enrollment, need)
        with pytest.raises(ValidationError) as excinfo:
            offer(enrollment, need)
        assert excinfo.value.message_dict == {
            "__all__": ["Placement with this Enrollment and Skill need already exists."]
        }


class TestDatesAndTerms:
    @pytest.mark.parametrize(
        ("fields", "key", "message"),
        [
            ({"accepted_on": D(2025, 1, 5)}, "accepted_on", "This date is before offered."),
            ({"started_on": D(2025, 1, 5)}, "started_on", "This date is before offered."),
            (
                {"accepted_on": D(2025, 1, 20), "started_on": D(2025, 1, 19)},
                "started_on",
                "This date is before accepted.",
            ),
            (
                {"status": "ended", "started_on": D(2025, 2, 1), "ended_on": D(2025, 1, 31)},
                "ended_on",
                "This date is before started.",
            ),
            ({"status": "started"}, "started_on", "A started placement needs its start date."),
        ],
        ids=[
            "accepted-before-offer",
            "started-before-offer",
            "started-before-accept",
            "ended-before-start",
            "no-start",
        ],
    )
    def test_dates_out_of_order_are_refused(self, cohort, fields, key, message):
        with pytest.raises(ValidationError) as excinfo:
            offer(completer(cohort), destination_need(cohort), **fields)
        assert excinfo.value.message_dict == {key: [message]}

    def test_maria_repays_ten_percent_over_four_years(self, cohort):
        placement = offer(
            completer(cohort),
            destination_need(cohort),
            wage_amount=Decimal("2000.00"),
            wage_currency="EUR",
            commitment_months=36,
            repayment_percent=Decimal("10"),
            repayment_months=48,
        )
        stored = Placement.objects.get(pk=placement.pk)
        assert (stored.repayment_percent, stored.repayment_months, stored.commitment_months) == (
            Decimal("10.00"),
            48,
            36,
        )

    @pytest.mark.parametrize(
        ("terms", "constraint"),
        [
            ({"repayment_percent": Decimal("10")}, "repayment_terms_complete"),
            ({"repayment_months": 48}, "repayment_terms_complete"),
            ({"repayment_percent": Decimal("10"), "repayment_months": 0}, "repayment_terms_complete"),
            ({"repayment_percent": Decimal("0"), "repayment_months": 48}, "repayment_percent_range"),
            ({"repayment_percent": Decimal("100.01"), "repayment_months": 48}, "repayment_percent_range"),
        ],
        ids=["percent-only", "months-only", "zero-months", "zero-percent", "over-100-percent"],
    )
    def test_incomplete_or_impossible_repayment_terms_are_refused(self, cohort, terms, constraint):
        with pytest.raises(ValidationError) as excinfo:
            offer(completer(cohort), destination_need(cohort), **terms)
        assert excinfo.value.message_dict == {
            "__all__": [f"Constraint “migration_tracks_placement_{constraint}” is violated."]
        }
        assert not Placement.objects.exists()


class TestMigrationCaseOpen:
    def test_opens_at_the_job_offer(self, cohort):
        placement = offer(completer(cohort), destination_need(cohort))
        case = migration_case_open(placement=placement, job_offer_on=OFFERED)
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.placement, stored.stage, stored.job_offer_on) == (placement, "job_offer", OFFERED)

    def test_a_home_track_placement_has_no_journey(self, cohort):
        placement = offer(completer(cohort, "home"), origin_need(cohort))
        with pytest.raises(ValidationError) as excinfo:
            migration_case_open(placement=placement, job_offer_on=OFFERED)
        assert excinfo.value.message_dict == {"placement": ["Only away-track placements have a migration journey."]}
        assert not MigrationCase.objects.exists()
