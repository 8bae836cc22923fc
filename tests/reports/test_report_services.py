"""Requesting, computing, cancelling and sweeping report runs, and the monthly schedule, through the services the
API, the pages and the beat all call."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gsp.errors import Refused
from partnerships.choices import PartnershipStatus
from reference.models import ExchangeRate
from reports import services
from reports.models import ReportRun, ReportSchedule
from tests.api_helpers import official

pytestmark = pytest.mark.django_db
D = dt.date


def request(cohort, **kwargs):
    return services.report_request(
        user=official("GB"), kind=kwargs.pop("kind", "cost_sharing"), partnership=cohort.partnership, **kwargs
    )


def test_a_request_is_saved_queued_then_computed_with_its_files(priced_cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run, created = request(priced_cohort, as_of=D(2025, 6, 30))
        assert created and run.status == "queued" and run.currency == "GBP"

    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.error) == ("done", 100, 1, "")
    assert run.result["summary"]["total"] == "803.20"
    assert run.started_at <= run.finished_at
    assert run.csv_file.read().decode("utf-8-sig").startswith("# Summary")
    assert run.xlsx_file.size > 0
    assert "media" not in run.csv_file.path.split("/")  # private storage, outside MEDIA_ROOT


def test_the_same_request_while_live_returns_the_same_run(priced_cohort):
    first, created = request(priced_cohort, as_of=D(2025, 6, 30), filters={"cohorts": [priced_cohort.pk]})
    again, created_again = request(priced_cohort, as_of=D(2025, 6, 30), filters={"cohorts": [priced_cohort.pk]})
    other, created_other = request(priced_cohort, as_of=D(2025, 5, 31))

    assert created and not created_again and again.pk == first.pk
    assert created_other and other.pk != first.pk
    ReportRun.objects.filter(pk=first.pk).update(status="done")
    assert request(priced_cohort, as_of=D(2025, 6, 30), filters={"cohorts": [priced_cohort.pk]})[1] is True


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"cohorts": [999999]}, "No cohort 999999"),
        ({"cohorts": "1"}, "list of cohort ids"),
        ({"occupation": "0000"}, "ISCO-08"),
        ({"period_start": "2025-13-01"}, "period_start is a date"),
        ({"period_start": "2025-06-01", "period_end": "2025-01-01"}, "before period_start"),
        ({"colour": "red"}, "Unknown filters: colour"),
    ],
)
def test_bad_filters_are_refused_with_the_reason(priced_cohort, filters, message):
    with pytest.raises(ValidationError, match=message):
        request(priced_cohort, filters=filters)
    assert not ReportRun.objects.exists()


def test_a_failing_computation_fails_the_run_with_its_reason_once(priced_cohort, django_capture_on_commit_callbacks):
    ExchangeRate.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = request(priced_cohort, as_of=D(2025, 6, 30))

    run.refresh_from_db()
    assert run.status == "failed" and run.attempts == 1
    assert "No exchange rate NGN/GBP on or before 2024-01-08" in run.error
    assert services.report_compute(run.pk) is None  # finished: a redelivery does nothing
    run.refresh_from_db()
    assert run.attempts == 1


def test_an_unexpected_error_fails_the_run_without_details(priced_cohort, monkeypatch):
    run, _ = request(priced_cohort)
    monkeypatch.setattr("reports.computations.cost_sharing.compute", lambda *a: 1 / 0)

    services.report_compute(run.pk)

    run.refresh_from_db()
    assert run.status == "failed" and "internal error" in run.error and "ZeroDivision" not in run.error


def test_a_redelivered_run_is_computed_again_and_given_up_after_the_limit(priced_cohort, settings):
    run, _ = request(priced_cohort, as_of=D(2025, 6, 30))
    ReportRun.objects.filter(pk=run.pk).update(status="running", attempts=1, started_at=timezone.now())

    services.report_compute(run.pk)  # the worker died; the broker redelivered the task
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2)

    stuck, _ = request(priced_cohort, as_of=D(2025, 5, 31))
    ReportRun.objects.filter(pk=stuck.pk).update(status="running", attempts=settings.GSP_REPORT_MAX_ATTEMPTS)
    services.report_compute(stuck.pk)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "given up" in stuck.error


def test_the_sweep_fails_runs_left_running_past_their_limit(priced_cohort, settings):
    now = timezone.now()
    limit = dt.timedelta(seconds=settings.GSP_REPORT_TIME_LIMIT + settings.GSP_REPORT_SWEEP_GRACE)
    old, _ = request(priced_cohort, as_of=D(2025, 6, 30))
    recent, _ = request(priced_cohort, as_of=D(2025, 5, 31))
    ReportRun.objects.filter(pk=old.pk).update(status="running", started_at=now - limit - dt.timedelta(seconds=1))
    ReportRun.objects.filter(pk=recent.pk).update(status="running", started_at=now - limit + dt.timedelta(seconds=5))

    assert services.sweep_stalled_runs(now) == 1

    old.refresh_from_db(), recent.refresh_from_db()
    assert old.status == "failed" and "stopped before it finished" in old.error
    assert recent.status == "running"


def test_only_a_queued_run_is_cancelled(priced_cohort):
    run, _ = request(priced_cohort)
    services.report_cancel(run=run)
    assert not ReportRun.objects.filter(pk=run.pk).exists()
    assert services.report_compute(run.pk) is None  # its task finds nothing to do

    started, _ = request(priced_cohort)
    ReportRun.objects.filter(pk=started.pk).update(status="running")
    with pytest.raises(Refused):
        services.report_cancel(run=started)


def test_every_active_partnership_gets_both_reports_monthly(priced_cohort, django_capture_on_commit_callbacks):
    p = priced_cohort.partnership
    p.status, p.signed_on = PartnershipStatus.ACTIVE, D(2024, 1, 1)
    p.save()

    with django_capture_on_commit_callbacks(execute=True):
        runs = services.request_due_reports(today=D(2025, 6, 30))

    assert sorted(r.kind for r in runs) == ["cost_sharing", "placement"]
    assert {r.status for r in ReportRun.objects.all()} == {"done"}
    assert all(r.scheduled and r.as_of == D(2025, 6, 30) and r.requested_by is None for r in runs)
    assert set(ReportSchedule.objects.values_list("next_due", flat=True)) == {D(2025, 7, 28)}
    assert services.request_due_reports(today=D(2025, 7, 1)) == []  # not due again before next month
    ReportSchedule.objects.filter(kind="placement").update(enabled=False)
    assert [r.kind for r in services.request_due_reports(today=D(2025, 7, 28))] == ["cost_sharing"]
