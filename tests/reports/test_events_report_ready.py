"""`report.ready` is emitted by the computation that finishes a run, in the transaction that marks it done; a failed
run emits nothing."""

import datetime as dt

import pytest

from identity.webhooks.models import Event
from reference.models import ExchangeRate
from reports import services
from tests.api_helpers import official

pytestmark = pytest.mark.django_db


def request(cohort):
    run, _ = services.report_request(
        user=official("GB"), kind="cost_sharing", partnership=cohort.partnership, as_of=dt.date(2025, 6, 30)
    )
    return run


def test_a_run_done_emits_report_ready_once(priced_cohort):
    run = request(priced_cohort)
    services.report_compute(run.pk)
    services.report_compute(run.pk)  # a redelivered task finds it done

    [event] = Event.objects.all()
    assert (event.type, event.model, event.object_id, event.partnership_id) == (
        "report.ready", "reportrun", run.pk, priced_cohort.partnership_id,
    )  # fmt: skip


def test_a_failed_run_emits_nothing(priced_cohort):
    ExchangeRate.objects.all().delete()
    run = request(priced_cohort)
    services.report_compute(run.pk)

    run.refresh_from_db()
    assert run.status == "failed" and not Event.objects.exists()
