"""Organisations and memberships: every database constraint has a case at its boundary and past it."""

import datetime as dt

import pytest

from tests.constraints import Check, Unique, constraint_names, covered, run_check, run_unique
from tests.identity.factories import MembershipFactory, OrganisationFactory
from tests.reference.factories import country

pytestmark = pytest.mark.django_db

D = dt.date


CHECKS = [
    Check("identity_organisation_kind_valid", OrganisationFactory, {"kind": "donor"}, {"kind": "ngo"}),
    Check("identity_membership_role_valid", MembershipFactory, {"role": "admin"}, {"role": "owner"}),
]

UNIQUES = [
    Unique(
        "identity_organisation_unique_name_country",
        OrganisationFactory,
        ("name", "country"),
        {"country": lambda o: country("DE")},
    ),
    Unique(
        "identity_membership_unique_user_organisation",
        MembershipFactory,
        ("user", "organisation"),
        {"organisation": lambda m: OrganisationFactory()},
    ),
]


def test_every_constraint_has_a_case():
    # API tokens are credentials, not domain data: their own tests cover them.
    assert covered(CHECKS + UNIQUES) == constraint_names("identity", exclude=["APIToken"])


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)
