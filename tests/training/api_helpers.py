"""Helpers of the training API tests."""

from tests.training.factories import TraineeFactory
from training.models import Trainee


def trainee_of(centre, **fields) -> Trainee:
    return TraineeFactory(registered_by=centre.organisation, **fields)
