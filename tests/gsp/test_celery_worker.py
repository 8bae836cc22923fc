"""A real Celery worker consuming from Redis runs a project task: the broker, worker and result backend agree."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult, EagerResult

from gsp.celery import app
from gsp.tasks import ping

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue(redis_url):
    """A real worker thread consuming a queue of its own, with eager execution off for this test only."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    # No ping check: it would go to the default queue, which this worker does not consume.
    with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=10):
        yield queue
    app.conf.task_always_eager = eager


def test_worker_runs_ping_over_redis(worker_queue):
    result = ping.apply_async(args=["hello from the test"], queue=worker_queue)

    assert isinstance(result, AsyncResult)
    assert not isinstance(result, EagerResult)
    assert result.get(timeout=30) == "hello from the test"
    assert result.status == "SUCCESS"
    assert app.conf.broker_url.startswith("redis://")
