"""`manage.py generate_synthetic` with demo partnerships present: it adds cohorts to them instead of creating
synthetic partnerships (issue 11 loads "the demo plus 1,000,000 enrollments"), and `--reset` leaves them as they were.

Apart from tests/demo/test_generate_synthetic.py, whose module-wide synthetic data would be in the way.
"""

import datetime as dt
from decimal import Decimal

import pytest

from demo.synthetic.specs import AS_OF, PREFIX
from partnerships.choices import CostCategory, PartnershipStatus, Track
from partnerships.models import CostShareRule, Partnership
from reference.models import ExchangeRate
from reports.computations import compute
from reports.models import ReportRun
from tests.demo.test_generate_synthetic import domain_counts, load_reference, run
from training.models import Cohort, Enrollment


@pytest.mark.django_db
def test_adds_cohorts_to_the_demo_partnerships_and_reset_leaves_them(countries):
    """With a (demo) partnership that can take cohorts, the data goes into it: cohorts (and management costs) start
    after its first cost-sharing version and after the first of its existing rates, which are left alone."""
    pilot = Partnership.objects.create(
        code="pilot", title="Pilot", origin_country_id="NG", destination_country_id="GB", reporting_currency="GBP",
        status=PartnershipStatus.ACTIVE, signed_on=dt.date(2018, 6, 1), start_date=dt.date(2019, 1, 1),
    )  # fmt: skip
    CostShareRule.objects.bulk_create(
        CostShareRule(
            partnership=pilot,
            valid_from=dt.date(2019, 1, 1),
            track=track,
            category=category,
            payer_role="destination_government",
            share=Decimal(100),
        )  # fmt: skip
        for track in Track.values
        for category in CostCategory.for_track(track)
    )
    load_reference()
    for year in range(2020, 2027):
        ExchangeRate.objects.create(
            base_currency="NGN", quote_currency="GBP", date=dt.date(year, 1, 1), rate=Decimal("0.0015"), source="CBN"
        )
    before = domain_counts()
    run("--enrollments", "300")
    assert Enrollment.objects.filter(cohort__partnership=pilot).count() == 300
    assert not Partnership.objects.filter(code__startswith=PREFIX).exists()
    assert Cohort.objects.filter(partnership=pilot).earliest("start_date").start_date > dt.date(2020, 2, 20)
    for kind in ("cost_sharing", "placement"):  # the reports find a rule version, a price and a rate for everything
        run_ = ReportRun(kind=kind, partnership=pilot, as_of=AS_OF, currency="GBP", filters={})
        assert compute(run_)["kind"] == kind
    assert not ExchangeRate.objects.filter(source__startswith=PREFIX, base_currency="NGN", quote_currency="GBP")
    run("--reset")
    assert domain_counts() == before
