"""Reports computed by real Celery workers over Redis: an in-process worker computes a requested report; a worker
process killed in the middle of a report leaves no run "running" — its task is redelivered and completed, or, when
the whole worker is gone past the time limit, the sweep marks the run failed."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from gsp.celery import app
from reports import services
from reports.models import ReportRun
from tests.api_helpers import official
from tests.conftest import skip_or_fail
from tests.gsp.conftest import redis_url  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def report_queue(redis_url):  # noqa: F811
    """Report tasks routed to a queue of this test's own, with eager execution off for this test only."""
    queue = f"test-reports-{uuid.uuid4().hex[:12]}"
    eager, routes = app.conf.task_always_eager, app.conf.task_routes
    app.conf.task_always_eager = False
    app.conf.task_routes = {"reports.compute_report": {"queue": queue}}
    reset_router()
    yield queue
    app.conf.task_always_eager, app.conf.task_routes = eager, routes
    reset_router()


def reset_router():
    """Celery builds its router once, from the routes of that moment: rebuild it, or a second test would send its
    task to the first test's queue."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def wait_for(run, condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} stayed {run.status} at {run.progress} %")


def request(cohort):
    run, _ = services.report_request(
        user=official("GB"), kind="cost_sharing", partnership=cohort.partnership, as_of=dt.date(2025, 6, 30)
    )
    return run


def test_a_real_worker_computes_a_requested_report(priced_cohort, report_queue):
    with start_worker(app, pool="solo", queues=[report_queue], perform_ping_check=False, shutdown_timeout=10):
        run = request(priced_cohort)  # autocommit: the task is sent at once, to the worker's queue
        wait_for(run, lambda r: r.status == "done")

    assert run.result["summary"]["total"] == "803.20"
    assert run.attempts == 1 and run.csv_file


@pytest.fixture
def worker_process(report_queue, tmp_path):
    """A worker process of its own (prefork, one child) against the test database; killed at the end."""
    if connection.vendor != "postgresql":
        skip_or_fail("a worker process needs the test database on PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "gsp.test_settings",
    }
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 (the worker writes it until the fixture ends)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.reports.slow_worker", report_queue],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    log.close()


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_killed_worker_child_has_its_report_redelivered_and_completed(priced_cohort, worker_process):
    run = request(priced_cohort)
    wait_for(run, lambda r: r.status == "running" and r.progress == 10, timeout=180)  # a worker takes a while to boot

    for child in children(worker_process.pid):
        os.kill(child, signal.SIGKILL)  # the process computing the report dies mid-run

    wait_for(run, lambda r: r.status == "done", timeout=90)
    assert run.attempts == 2 and run.result["summary"]["total"] == "803.20"


def test_a_worker_gone_for_good_leaves_a_run_the_sweep_marks_failed(priced_cohort, worker_process):
    run = request(priced_cohort)
    wait_for(run, lambda r: r.status == "running" and r.progress == 10, timeout=180)  # a worker takes a while to boot

    os.killpg(worker_process.pid, signal.SIGKILL)  # the whole worker, parent included: nobody requeues the task
    worker_process.wait(timeout=10)
    run.refresh_from_db()
    assert run.status == "running"

    limit = dt.timedelta(seconds=settings.GSP_REPORT_TIME_LIMIT + settings.GSP_REPORT_SWEEP_GRACE)
    assert services.sweep_stalled_runs(now=run.started_at + limit + dt.timedelta(seconds=1)) == 1
    run.refresh_from_db()
    assert run.status == "failed" and "stopped before it finished" in run.error
    assert not ReportRun.objects.filter(status="running").exists()
