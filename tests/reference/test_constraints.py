"""Reference data: every database constraint has a case that passes at its boundary and fails past it."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest

from tests.constraints import Check, Unique, constraint_names, covered, run_check, run_unique
from tests.reference.factories import (
    DomesticTrainingCostFactory,
    ExchangeRateFactory,
    HealthSafeguardsListFactory,
    OccupationFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = dt.date


CHECKS = [
    Check("reference_country_code_alpha2", lambda: country("NG"), {"code": "ZZ"}, {"code": "z1"}),
    Check("reference_occupation_code_isco", OccupationFactory, {"code": "9"}, {"code": "A1"}),
    Check("reference_exchangerate_rate_positive", ExchangeRateFactory, {"rate": Decimal("1E-8")}, {"rate": 0}),
    Check(
        "reference_exchangerate_distinct_currencies",
        ExchangeRateFactory,
        {"quote_currency": "EUR"},
        {"quote_currency": "NGN"},
    ),
    Check(
        "reference_domestictrainingcost_amount_positive",
        DomesticTrainingCostFactory,
        {"amount": Decimal("0.01")},
        {"amount": 0},
    ),
    Check("reference_domestictrainingcost_year_range", DomesticTrainingCostFactory, {"year": 2100}, {"year": 2101}),
    Check(
        "reference_domestictrainingcost_year_range",
        DomesticTrainingCostFactory,
        {"year": 1950},
        {"year": 1949},
        note="before-1950",
    ),
]

UNIQUES = [
    Unique(
        "reference_healthsafeguardslist_one_current",
        partial(HealthSafeguardsListFactory, is_current=True),
        ("is_current",),
        {"is_current": False},
    ),
    Unique(
        "reference_exchangerate_unique_day",
        ExchangeRateFactory,
        ("base_currency", "quote_currency", "date"),
        {"date": D(2024, 1, 2)},
    ),
    Unique(
        "reference_domestictrainingcost_unique_year",
        DomesticTrainingCostFactory,
        ("country", "occupation", "year"),
        {"year": 2023},
    ),
]


def test_every_constraint_has_a_case():
    assert covered(CHECKS + UNIQUES) == constraint_names("reference")


@pytest.mark.parametrize("case", CHECKS, ids=lambda c: c.id)
def test_check_constraint(case):
    run_check(case)


@pytest.mark.parametrize("case", UNIQUES, ids=lambda c: c.id)
def test_unique_constraint(case):
    run_unique(case)
