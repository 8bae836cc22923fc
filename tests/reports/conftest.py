"""A small priced cohort both report tests and report API tests use: one partnership NG → GB reporting in GBP, a
cohort starting 2024-01-08 priced in NGN and GBP, three enrollments (away completed and placed and departed, home
completed, home dropped out), a management cost. Its figures add up in one's head (see test_compute_smoke.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerships.models import PartnershipCost
from reference.models import ExchangeRate
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import CostShareRuleFactory, SkillNeedFactory, cost_sharing_rows
from tests.training.factories import CohortFactory, CourseCostFactory, EnrollmentFactory

D = dt.date


@pytest.fixture
def priced_cohort(countries):
    cohort = CohortFactory(start_date=D(2024, 1, 8), end_date=D(2024, 12, 20), partnership__reporting_currency="GBP")
    p = cohort.partnership
    for row in cost_sharing_rows():
        CostShareRuleFactory(partnership=p, valid_from=D(2024, 1, 1), **row)
    for category, scope, amount, currency in [
        ("instruction", "both", "1000.00", "NGN"),
        ("assessment", "both", "100.00", "NGN"),
        ("travel_visa", "away", "500.00", "GBP"),
    ]:
        CourseCostFactory(
            course=cohort.course, category=category, applies_to=scope, amount=Decimal(amount), currency=currency,
            valid_from=D(2023, 1, 1),
        )  # fmt: skip
    ExchangeRate.objects.create(base_currency="NGN", quote_currency="GBP", date=D(2024, 1, 1), rate=Decimal("0.001"))
    away = EnrollmentFactory(cohort=cohort, track="away", status="completed", completed_on=D(2024, 12, 20))
    EnrollmentFactory(cohort=cohort, track="home", status="completed", completed_on=D(2024, 12, 20))
    EnrollmentFactory(cohort=cohort, track="home", status="dropped_out", dropped_on=D(2024, 3, 1))
    need = SkillNeedFactory(partnership=p, country=p.destination_country)
    placement = PlacementFactory(
        enrollment=away, skill_need=need, offered_on=D(2025, 1, 6), accepted_on=D(2025, 1, 10),
        started_on=D(2025, 2, 1), status="started",
    )  # fmt: skip
    MigrationCaseFactory(
        placement=placement, job_offer_on=D(2025, 1, 6), visa_applied_on=D(2025, 1, 7), visa_granted_on=D(2025, 1, 20),
        departed_on=D(2025, 1, 28), stage="departed",
    )  # fmt: skip
    PartnershipCost.objects.create(
        partnership=p, amount=Decimal("300.00"), currency="GBP", incurred_on=D(2024, 6, 1), description="Coordination"
    )
    return cohort
