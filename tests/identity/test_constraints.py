"""Organisations and memberships: every database constraint has a case at its boundary and past it."""

import datetime as dt

import pytest
from django.utils import timezone

from identity.webhooks.models import Delivery, DeliveryAttempt, Event, WebhookEndpoint
from tests.constraints import Check, Unique, constraint_names, covered, run_check, run_unique
from tests.identity.factories import MembershipFactory, OrganisationFactory
from tests.reference.factories import country

pytestmark = pytest.mark.django_db

D = dt.date


def make_event(**kw):
    return Event.objects.create(
        **{"type": "report.ready", "app_label": "reports", "model": "reportrun", "object_id": 1, **kw}
    )


def make_endpoint(**kw):
    defaults = {"name": "hook", "url": "https://example.org/hook", "event_types": ["report.ready"], "secret": "s"}
    return WebhookEndpoint.objects.create(
        **{**defaults, "organisation": kw.pop("organisation", None) or OrganisationFactory(), **kw}
    )


def make_delivery(**kw):
    return Delivery.objects.create(
        **{
            "endpoint": kw.pop("endpoint", None) or make_endpoint(),
            "event": kw.pop("event", None) or make_event(),
            **kw,
        }
    )


def make_attempt(**kw):
    return DeliveryAttempt.objects.create(
        **{"delivery": kw.pop("delivery", None) or make_delivery(), "number": 1, "at": timezone.now(), **kw}
    )


CHECKS = [
    Check("identity_event_type_valid", make_event, {"type": "placement.created"}, {"type": "placement.eaten"}),
    Check("identity_delivery_status_valid", make_delivery, {"status": "failed"}, {"status": "lost"}),
    Check("identity_organisation_kind_valid", OrganisationFactory, {"kind": "donor"}, {"kind": "ngo"}),
    Check("identity_membership_role_valid", MembershipFactory, {"role": "admin"}, {"role": "owner"}),
]

UNIQUES = [
    Unique(
        "identity_webhookendpoint_unique_name", make_endpoint, ("organisation", "name"), {"name": lambda e: "other"}
    ),
    Unique("identity_deliveryattempt_unique_number", make_attempt, ("delivery", "number"), {"number": lambda a: 2}),
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
