"""MigrationCase.advance: a journey moves forward only, a refused visa ends it, no departure before the visa."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gsp.errors import Refused
from migration_tracks.models import MigrationCase
from tests.migration_tracks.factories import JOURNEY, MigrationCaseFactory

pytestmark = pytest.mark.django_db

D = dt.date


class TestAdvance:
    """MigrationCase.advance: forward only, a refused visa ends the case, no departure before the visa."""

    def test_the_whole_journey_forward(self):
        case = MigrationCaseFactory()
        for stage in ("visa_applied", "visa_granted", "pre_departure", "departed", "arrived", "recognised"):
            case.advance(stage, on=JOURNEY[f"{stage}_on"])
        stored = MigrationCase.objects.get(pk=case.pk)
        assert stored.stage == "recognised"
        assert {f: getattr(stored, f) for f in JOURNEY} == JOURNEY
        assert stored.is_closed

    def test_stages_may_be_skipped_forward(self):
        case = MigrationCaseFactory()
        case.advance("visa_granted", on=D(2025, 3, 1))
        case.advance("departed", on=D(2025, 5, 1))
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.stage, stored.visa_applied_on, stored.departed_on) == ("departed", None, D(2025, 5, 1))

    @pytest.mark.parametrize(
        ("target", "label"), [("visa_applied", "Visa granted"), ("visa_granted", "Visa granted"), ("job_offer", None)]
    )
    def test_no_move_back(self, target, label):
        case = MigrationCaseFactory()
        case.advance("visa_applied", on=D(2025, 2, 1))
        case.advance("visa_granted", on=D(2025, 3, 1))
        with pytest.raises(Refused) as excinfo:
            case.advance(target, on=D(2025, 4, 1))
        assert excinfo.value.message_dict == {"stage": [f"A case at Visa granted cannot move back to {target}."]}
        assert MigrationCase.objects.get(pk=case.pk).stage == "visa_granted"

    def test_refused_visa_ends_the_case(self):
        case = MigrationCaseFactory()
        case.advance("visa_applied", on=D(2025, 2, 1))
        case.advance("visa_refused", on=D(2025, 3, 1))
        assert case.is_closed
        for stage in ("visa_granted", "pre_departure", "departed", "recognised"):
            with pytest.raises(Refused) as excinfo:
                case.advance(stage, on=D(2025, 4, 1))
            assert excinfo.value.message_dict == {"stage": ["The visa was refused: this case is closed."]}
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.stage, stored.visa_refused_on, stored.visa_granted_on) == ("visa_refused", D(2025, 3, 1), None)

    @pytest.mark.parametrize("stage", ["pre_departure", "departed", "arrived", "recognised"])
    def test_no_departure_before_the_visa_is_granted(self, stage):
        case = MigrationCaseFactory()
        case.advance("visa_applied", on=D(2025, 2, 1))
        with pytest.raises(Refused) as excinfo:
            case.advance(stage, on=D(2025, 4, 1))
        assert excinfo.value.message_dict == {"stage": ["No departure before the visa is granted."]}
        assert MigrationCase.objects.get(pk=case.pk).stage == "visa_applied"

    def test_a_stage_dated_before_the_previous_is_refused(self):
        case = MigrationCaseFactory()
        case.advance("visa_applied", on=D(2025, 2, 1))
        with pytest.raises(ValidationError) as excinfo:
            case.advance("visa_granted", on=D(2025, 1, 31))
        assert excinfo.value.message_dict == {"visa_granted_on": ["This stage is dated before visa_applied."]}
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.stage, stored.visa_granted_on) == ("visa_applied", None)


class TestReturn:
    """A worker back in the origin: only after departure, and it closes the journey."""

    def departed(self):
        case = MigrationCaseFactory()
        for stage in ("visa_applied", "visa_granted", "departed"):
            case.advance(stage, on=JOURNEY[f"{stage}_on"])
        return case

    @pytest.mark.parametrize("reached", [(), ("visa_applied",), ("visa_applied", "visa_granted", "pre_departure")])
    def test_refused_before_departure(self, reached):
        case = MigrationCaseFactory()
        for stage in reached:
            case.advance(stage, on=JOURNEY[f"{stage}_on"])
        with pytest.raises(Refused) as excinfo:
            case.advance("returned", on=D(2025, 9, 1))
        assert excinfo.value.message_dict == {"stage": ["Only a worker who departed can return."]}
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.stage, stored.returned_on) == (reached[-1] if reached else "job_offer", None)

    @pytest.mark.parametrize("then", [(), ("arrived",), ("arrived", "recognised")])
    def test_after_departure_it_closes_the_case(self, then):
        case = self.departed()
        for stage in then:
            case.advance(stage, on=JOURNEY[f"{stage}_on"])
        case.advance("returned", on=D(2025, 9, 1))
        stored = MigrationCase.objects.get(pk=case.pk)
        assert (stored.stage, stored.returned_on, stored.is_closed) == ("returned", D(2025, 9, 1), True)
        with pytest.raises(Refused) as excinfo:
            case.advance("recognised", on=D(2025, 10, 1))
        assert excinfo.value.message_dict == {"stage": ["The worker has returned: this case is closed."]}

    def test_a_return_dated_before_the_arrival_is_refused(self):
        case = self.departed()
        case.advance("arrived", on=JOURNEY["arrived_on"])
        with pytest.raises(ValidationError) as excinfo:
            case.advance("returned", on=JOURNEY["departed_on"])
        assert excinfo.value.message_dict == {"returned_on": ["This stage is dated before arrived."]}
        assert MigrationCase.objects.get(pk=case.pk).stage == "arrived"

    def test_a_refused_visa_is_no_return(self):
        case = MigrationCaseFactory()
        case.advance("visa_applied", on=D(2025, 2, 1))
        case.advance("visa_refused", on=D(2025, 3, 1))
        with pytest.raises(Refused) as excinfo:
            case.advance("returned", on=D(2025, 4, 1))
        assert excinfo.value.message_dict == {"stage": ["The visa was refused: this case is closed."]}


def test_a_refused_advance_leaves_the_case_as_it_was():
    case = MigrationCaseFactory(job_offer_on=D(2025, 1, 6))
    case.advance("visa_applied", on=D(2025, 2, 1))
    with pytest.raises(ValidationError):
        case.advance("visa_granted", on=D(2025, 1, 31))  # dated before the application
    assert (case.stage, case.visa_granted_on) == ("visa_applied", None)
    case.refresh_from_db()
    assert (case.stage, case.visa_granted_on) == ("visa_applied", None)
