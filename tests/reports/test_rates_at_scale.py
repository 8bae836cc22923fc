"""Exchange rates for many days at once (a wage per placement start over a million enrollments): `Rates.load` reads
the rate histories once and looks the days up in memory. It must give exactly what the per-day SQL lookup gives:
the latest rate on or before the day, the inverse pair when it is the later one or the only one, none before the
first rate."""

import datetime as dt
from decimal import Decimal

import pytest

from reference.models import ExchangeRate
from reports.computations.base import Rates

pytestmark = pytest.mark.django_db


def rate(base, quote, day, value):
    ExchangeRate.objects.create(base_currency=base, quote_currency=quote, date=day, rate=Decimal(value))


def test_many_days_in_memory_agree_with_the_sql_lookup():
    d = dt.date
    rate("MAD", "EUR", d(2022, 1, 1), "0.091")
    rate("MAD", "EUR", d(2023, 6, 1), "0.093")
    rate("EUR", "MAD", d(2023, 6, 1), "10.5")  # same day as a direct rate: the direct one wins
    rate("EUR", "MAD", d(2024, 2, 1), "11")  # later than the last direct rate: its inverse is used
    rate("EUR", "NGN", d(2021, 1, 1), "500")  # only the inverse pair is recorded
    rate("NGN", "GBP", d(2020, 1, 1), "0.002")  # another quote currency: never used
    days = [d(2020, 12, 1) + dt.timedelta(days=k * 3) for k in range(400)]
    days += [d(2021, 12, 31), d(2022, 1, 1), d(2023, 6, 1), d(2024, 2, 1), d(2021, 1, 1), d(2024, 1, 1)]
    pairs = [(currency, day) for currency in ("MAD", "NGN", "TND") for day in days]
    assert len(pairs) > Rates.CHUNK

    in_memory = Rates("EUR")
    in_memory.load(pairs)
    by_sql = Rates("EUR")
    for start in range(0, len(pairs), Rates.CHUNK):
        by_sql._lookup(sorted(pairs)[start : start + Rates.CHUNK])

    assert in_memory._found == by_sql._found
    assert in_memory._found[("MAD", d(2021, 12, 31))] is None
    assert in_memory._found[("MAD", d(2022, 1, 1))] == Decimal("0.091")
    assert in_memory._found[("MAD", d(2023, 6, 1))] == Decimal("0.093")
    assert in_memory._found[("MAD", d(2024, 2, 1))] == Decimal(1) / Decimal(11)
    assert in_memory._found[("NGN", d(2021, 1, 1))] == Decimal(1) / Decimal(500)
    assert in_memory._found[("TND", d(2024, 1, 1))] is None
