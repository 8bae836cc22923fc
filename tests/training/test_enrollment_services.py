"""Enrolling under a cohort's seats per track, and moving an enrollment between tracks with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gsp.errors import Refused
from tests.identity.factories import UserFactory
from tests.migration_tracks.factories import PlacementFactory
from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory
from training.models import Enrollment, EnrollmentTrackChange
from training.services import enrollment_change_track, enrollment_create

pytestmark = pytest.mark.django_db

START = dt.date(2024, 1, 8)


@pytest.fixture
def cohort():
    return CohortFactory(seats_home=2, seats_away=1)


def enrol(cohort, track, **fields):
    return enrollment_create(trainee=TraineeFactory(), cohort=cohort, track=track, enrolled_on=START, **fields)


def drop_out(enrollment):
    enrollment.status, enrollment.dropped_on = "dropped_out", dt.date(2024, 2, 1)
    enrollment.save()


class TestEnrollmentCreate:
    def test_enrols_on_the_track(self, cohort):
        enrollment = enrol(cohort, "home")
        stored = Enrollment.objects.get(pk=enrollment.pk)
        assert (stored.cohort, stored.track, stored.status, stored.enrolled_on) == (cohort, "home", "enrolled", START)

    @pytest.mark.parametrize(("track", "seats"), [("home", 2), ("away", 1)])
    def test_the_seat_beyond_the_track_limit_is_refused(self, cohort, track, seats):
        for _ in range(seats):
            enrol(cohort, track)
        with pytest.raises(Refused) as excinfo:
            enrol(cohort, track)
        assert excinfo.value.message_dict == {"track": [f"The cohort's {seats} {track}-track seats are all taken."]}
        assert Enrollment.objects.filter(cohort=cohort, track=track).count() == seats

    def test_a_full_track_does_not_close_the_other(self, cohort):
        enrol(cohort, "away")
        enrol(cohort, "home")
        enrol(cohort, "home")
        assert Enrollment.objects.filter(cohort=cohort).count() == 3

    def test_a_track_without_seats_is_refused(self):
        cohort = CohortFactory(seats_home=0, seats_away=3)
        with pytest.raises(Refused) as excinfo:
            enrol(cohort, "home")
        assert excinfo.value.message_dict == {"track": ["The cohort's 0 home-track seats are all taken."]}

    def test_a_drop_out_frees_a_seat(self, cohort):
        first = enrol(cohort, "away")
        with pytest.raises(Refused):
            enrol(cohort, "away")
        drop_out(first)
        assert enrol(cohort, "away").track == "away"

    def test_a_completer_keeps_the_seat(self, cohort):
        first = enrol(cohort, "away")
        first.status, first.completed_on = "completed", dt.date(2024, 12, 20)
        first.save()
        with pytest.raises(Refused):
            enrol(cohort, "away")

    def test_the_same_trainee_twice_is_refused_by_validation(self, cohort):
        enrollment = enrol(cohort, "home")
        with pytest.raises(ValidationError) as excinfo:
            enrollment_create(trainee=enrollment.trainee, cohort=cohort, track="home", enrolled_on=START)
        assert excinfo.value.message_dict == {"__all__": ["Enrollment with this Trainee and Cohort already exists."]}

    def test_inconsistent_fields_are_refused_by_clean(self, cohort):
        with pytest.raises(ValidationError) as excinfo:
            enrol(cohort, "home", status="completed")
        assert excinfo.value.message_dict["completed_on"] == ["A completed enrollment needs its completion date."]
        assert not Enrollment.objects.exists()


class TestEnrollmentChangeTrack:
    def test_records_the_change_with_its_reason(self, cohort):
        enrollment = enrol(cohort, "away")
        user = UserFactory()
        enrollment_change_track(enrollment=enrollment, to_track="home", reason="Visa quota closed.", user=user)
        enrollment.refresh_from_db()
        assert enrollment.track == "home"
        change = EnrollmentTrackChange.objects.get(enrollment=enrollment)
        assert (change.from_track, change.to_track, change.reason, change.changed_by) == (
            "away",
            "home",
            "Visa quota closed.",
            user,
        )

    def test_the_freed_seat_can_be_taken(self, cohort):
        enrollment = enrol(cohort, "away")
        enrollment_change_track(enrollment=enrollment, to_track="home", reason="Chose to stay.")
        assert enrol(cohort, "away").track == "away"

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_an_empty_reason_is_refused(self, cohort, reason):
        enrollment = enrol(cohort, "away")
        with pytest.raises(ValidationError) as excinfo:
            enrollment_change_track(enrollment=enrollment, to_track="home", reason=reason)
        assert excinfo.value.message_dict == {"reason": ["Say why the track changes."]}
        self.assert_unchanged(enrollment, "away")

    def test_the_same_track_is_refused(self, cohort):
        enrollment = enrol(cohort, "home")
        with pytest.raises(ValidationError) as excinfo:
            enrollment_change_track(enrollment=enrollment, to_track="home", reason="Why not.")
        assert excinfo.value.message_dict == {"track": ["The enrollment is already on this track."]}
        self.assert_unchanged(enrollment, "home")

    def test_a_full_target_track_is_refused(self, cohort):
        enrol(cohort, "away")
        enrollment = enrol(cohort, "home")
        with pytest.raises(Refused) as excinfo:
            enrollment_change_track(enrollment=enrollment, to_track="away", reason="Found an employer abroad.")
        assert excinfo.value.message_dict == {"track": ["The cohort's 1 away-track seats are all taken."]}
        self.assert_unchanged(enrollment, "home")

    def test_an_active_placement_is_refused(self):
        placement = PlacementFactory()
        with pytest.raises(Refused) as excinfo:
            enrollment_change_track(enrollment=placement.enrollment, to_track="home", reason="Changed mind.")
        assert excinfo.value.message_dict == {
            "track": ["This trainee has a placement on the current track: end it first."]
        }
        self.assert_unchanged(placement.enrollment, "away")

    @pytest.mark.parametrize("status", ["declined", "withdrawn"])
    def test_an_inactive_placement_does_not_block(self, status):
        placement = PlacementFactory(status=status)
        enrollment_change_track(enrollment=placement.enrollment, to_track="home", reason="Offer declined.")
        assert Enrollment.objects.get(pk=placement.enrollment_id).track == "home"

    @staticmethod
    def assert_unchanged(enrollment, track):
        assert Enrollment.objects.get(pk=enrollment.pk).track == track
        assert not EnrollmentTrackChange.objects.filter(enrollment=enrollment).exists()


def test_seat_errors_ignore_the_enrollment_itself_and_drop_outs():
    cohort = CohortFactory(seats_home=1, seats_away=1)
    enrollment = EnrollmentFactory(cohort=cohort, track="away")
    assert enrollment.seat_errors() == {}
    other = Enrollment(cohort=cohort, trainee=TraineeFactory(), track="away", enrolled_on=START)
    assert other.seat_errors() == {"track": "The cohort's 1 away-track seats are all taken."}
    other.status = "dropped_out"
    assert other.seat_errors() == {}
    drop_out(enrollment)
    other.status = "enrolled"
    assert other.seat_errors() == {}
