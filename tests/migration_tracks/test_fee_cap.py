"""Recruitment fees against the agreement's cap (DESIGN §2): each fee converted to the partnership's reporting
currency at the rate on or before its payment day; over the cap when the total is above it (any fee with a cap of 0);
a fee without a rate is named, never an error."""

import datetime as dt
from decimal import Decimal

import pytest

from migration_tracks.fees import with_fee_totals
from migration_tracks.models import Placement
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory, RecruitmentFeeFactory
from tests.reference.factories import ExchangeRateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def fee(placement, amount, currency="NGN", paid_on=dt.date(2025, 1, 10)):
    return RecruitmentFeeFactory(placement=placement, amount=Decimal(amount), currency=currency, paid_on=paid_on)


def totals(placement, on=None) -> Placement:
    return with_fee_totals(Placement.objects.filter(pk=placement.pk), on).get()


@pytest.fixture
def placement(cohort, need):
    need.partnership.recruitment_fee_cap = Decimal("250.00")
    need.partnership.save()
    return PlacementFactory(enrollment=completed(cohort), skill_need=need)


@pytest.fixture
def rates():
    # NGN → GBP: 0.0005 from 2024, 0.0004 from 1 March 2025 (the fee's day picks its rate).
    ExchangeRateFactory(base_currency="NGN", quote_currency="GBP", date=dt.date(2024, 1, 1), rate=Decimal("0.0005"))
    ExchangeRateFactory(base_currency="NGN", quote_currency="GBP", date=dt.date(2025, 3, 1), rate=Decimal("0.0004"))
    # Only GBP → EUR recorded: a EUR fee uses the inverse.
    ExchangeRateFactory(base_currency="GBP", quote_currency="EUR", date=dt.date(2024, 1, 1), rate=Decimal("1.25"))


def test_a_fee_in_naira_is_converted_at_the_rate_of_its_day(placement, rates):
    fee(placement, "300000.00", paid_on=dt.date(2025, 2, 28))  # 0.0005 → 150.00 GBP
    fee(placement, "200000.00", paid_on=dt.date(2025, 3, 1))  # 0.0004 → 80.00 GBP

    found = totals(placement)

    assert (found.fees_count, found.fees_total, found.fees_unconverted) == (2, Decimal("230.00"), 0)
    assert (found.fee_cap, found.fee_currency, found.over_fee_cap) == (Decimal("250.00"), "GBP", False)
