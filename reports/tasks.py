"""Celery tasks of the reports: compute a run, sweep runs whose worker died, request what the schedule says is due.

`compute_report` is acknowledged late (a worker that dies mid-run leaves its message to be redelivered) and has
soft and hard time limits; a failing computation marks the run failed and is never retried."""

from celery import shared_task
from django.conf import settings

from . import home_figures, services


@shared_task(
    name="reports.compute_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.GSP_REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.GSP_REPORT_TIME_LIMIT,
    max_retries=0,
)
def compute_report(run_id: int) -> str | None:
    run = services.report_compute(run_id)
    return run.status if run else None


@shared_task(name="reports.sweep_stalled_runs")
def sweep_stalled_runs() -> int:
    return services.sweep_stalled_runs()


@shared_task(name="reports.request_due_reports")
def request_due_reports() -> list[int]:
    return [run.pk for run in services.request_due_reports()]


@shared_task(name="reports.refresh_home_figures")
def refresh_home_figures() -> None:
    home_figures.refresh_home_figures()
