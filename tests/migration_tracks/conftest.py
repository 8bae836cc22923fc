"""The world of the migration_tracks API tests: a NG→GB nursing partnership, a cohort of its training centre, a UK
employer with a skill need and a Nigerian agency, with users acting for them."""

import pytest

from tests.api_helpers import employer_in, member_of
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def cohort(partnership):
    course = CourseFactory(centre=TrainingCentreFactory(), occupation=OccupationFactory(code="2221"))
    return CohortFactory(partnership=partnership, course=course)


@pytest.fixture
def employer(partnership):
    organisation = employer_in("GB", name="NHS Trust")
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="employer")
    return organisation


@pytest.fixture
def employer_user(employer):
    return member_of(employer)


@pytest.fixture
def need(partnership, employer):
    return SkillNeedFactory(partnership=partnership, employer=employer, occupation=OccupationFactory(code="2221"))


@pytest.fixture
def agency(partnership):
    organisation = OrganisationFactory(kind="agency", country=country("NG"))
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="agency")
    return organisation


@pytest.fixture
def agent(agency):
    return member_of(agency)
