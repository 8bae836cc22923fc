"""The world of the training API tests: a NG→GB partnership whose training centre is a party, with a course and a
cohort of it."""

import pytest

from tests.api_helpers import member_of
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def centre(partnership):
    centre = TrainingCentreFactory()
    PartnershipPartyFactory(partnership=partnership, organisation=centre.organisation, role="training_provider")
    return centre


@pytest.fixture
def provider(centre):
    """An editor of the training centre."""
    return member_of(centre.organisation)


@pytest.fixture
def course(centre):
    return CourseFactory(centre=centre, occupation=OccupationFactory(code="2221"))


@pytest.fixture
def cohort(partnership, course):
    return CohortFactory(partnership=partnership, course=course, seats_home=2, seats_away=1)
