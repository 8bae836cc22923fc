"""A small end-to-end check of both computations through a run (the exhaustive, hand-computed scenario is in
test_scenario.py): the figures a ministry reads first, on data small enough to add up in one's head."""

import datetime as dt

import pytest

from reference.models import ExchangeRate
from reports.computations import ReportError, compute
from reports.models import ReportRun

pytestmark = pytest.mark.django_db
D = dt.date


def run_of(cohort, kind, as_of):
    p = cohort.partnership
    return ReportRun(kind=kind, partnership=p, as_of=as_of, currency=p.reporting_currency, filters={})


def test_cost_sharing_totals(priced_cohort):
    result = compute(run_of(priced_cohort, "cost_sharing", D(2025, 6, 30)))

    # 3 × 1,000 NGN × 0.001 + 2 × 100 NGN × 0.001 + 1 × 500 GBP + 300 GBP management = 803.20
    assert result["summary"]["total"] == "803.20"
    assert result["summary"]["cost_per_enrolled"] == "267.73"  # 803.20 / 3
    assert result["unit_costs"]["away"]["total"] == "501.10"  # 1.00 + 0.10 + 500.00
    assert result["skill_drain_offset"]["ratio"] == "1.0000"


def test_cost_sharing_before_departure_and_completion(priced_cohort):
    result = compute(run_of(priced_cohort, "cost_sharing", D(2024, 6, 30)))

    # 3 × 1.00 instruction + 300 GBP management; nobody completed or departed yet
    assert result["summary"]["total"] == "303.00"
    assert result["skill_drain_offset"]["ratio"] is None


def test_placement_funnel(priced_cohort):
    result = compute(run_of(priced_cohort, "placement", D(2025, 6, 30)))

    assert result["funnel"]["away"] == {
        "enrolled": 1, "completed": 1, "certified": 0, "placed": 1, "visa_granted": 1, "departed": 1, "arrived": 0,
        "retained_12m": 0,
    }  # fmt: skip
    assert result["funnel"]["home"]["placed"] == 0
    assert result["timing"]["median_days_to_placement"]["away"] == 43.0  # 2024-12-20 → 2025-02-01


def test_missing_rate_names_the_pair(priced_cohort):
    ExchangeRate.objects.all().delete()
    with pytest.raises(ReportError, match="NGN/GBP on or before 2024-01-08"):
        compute(run_of(priced_cohort, "cost_sharing", D(2025, 6, 30)))
