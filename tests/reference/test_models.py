"""Reference models: exchange rates in force on a date, and ISCO-08 occupations."""

import datetime as dt
from decimal import Decimal

import pytest

from reference.models import ExchangeRate, MissingExchangeRate, Occupation
from tests.reference.factories import ExchangeRateFactory, OccupationFactory

pytestmark = pytest.mark.django_db

D = dt.date


class TestExchangeRate:
    """`rate_on`: the rate in force on a date, from the pair or its inverse."""

    def test_same_currency_is_one(self):
        assert ExchangeRate.rate_on("GBP", "GBP", D(1990, 1, 1)) == Decimal(1)

    @pytest.mark.parametrize(
        ("on", "expected"),
        [(D(2024, 1, 1), Decimal("0.0005")), (D(2024, 5, 31), Decimal("0.0005")), (D(2024, 6, 1), Decimal("0.0004"))],
    )
    def test_latest_rate_on_or_before_the_date(self, on, expected):
        ExchangeRateFactory(date=D(2024, 1, 1), rate=Decimal("0.0005"))
        ExchangeRateFactory(date=D(2024, 6, 1), rate=Decimal("0.0004"))
        ExchangeRateFactory(date=D(2024, 9, 1), rate=Decimal("0.0003"))
        assert ExchangeRate.rate_on("NGN", "GBP", on) == expected

    def test_inverse_pair_is_used(self):
        ExchangeRateFactory(base_currency="NGN", quote_currency="GBP", rate=Decimal("0.0005"))
        assert ExchangeRate.rate_on("GBP", "NGN", D(2024, 2, 1)) == Decimal(2000)

    def test_newer_inverse_wins_over_older_direct(self):
        ExchangeRateFactory(base_currency="GBP", quote_currency="EUR", date=D(2024, 1, 1), rate=Decimal("1.25"))
        ExchangeRateFactory(base_currency="EUR", quote_currency="GBP", date=D(2024, 3, 1), rate=Decimal("0.5"))
        assert ExchangeRate.rate_on("GBP", "EUR", D(2024, 2, 1)) == Decimal("1.25")
        assert ExchangeRate.rate_on("GBP", "EUR", D(2024, 3, 1)) == Decimal(2)

    def test_missing_rate_names_the_pair_and_the_date(self):
        ExchangeRateFactory(date=D(2024, 1, 1))
        with pytest.raises(MissingExchangeRate) as excinfo:
            ExchangeRate.rate_on("NGN", "GBP", D(2023, 12, 31))
        assert str(excinfo.value) == "No exchange rate NGN/GBP on or before 2023-12-31."
        assert (excinfo.value.base, excinfo.value.quote, excinfo.value.on) == ("NGN", "GBP", D(2023, 12, 31))


class TestOccupation:
    @pytest.mark.parametrize(("code", "level"), [("2", 1), ("22", 2), ("222", 3), ("2221", 4)])
    def test_level_is_the_code_length(self, code, level):
        assert Occupation(code=code).level == level

    @pytest.mark.parametrize(
        ("code", "is_health"),
        [
            ("2221", True),
            ("3221", True),
            ("5321", True),
            ("22", True),
            ("5322", False),
            ("2512", False),
            ("7115", False),
        ],
    )
    def test_is_health(self, code, is_health):
        assert Occupation(code=code).is_health is is_health

    def test_factory_builds_the_isco_chain(self):
        nurse = OccupationFactory(code="2221")
        assert [nurse.parent.code, nurse.parent.parent.code, nurse.parent.parent.parent.code] == ["222", "22", "2"]
        assert nurse.parent.parent.parent.parent is None
