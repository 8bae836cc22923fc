"""An event delivered through a real Celery worker over Redis: the commit queues the dispatch, the worker fans it
out and POSTs it to a receiver on 127.0.0.1 (skipped without REDIS_URL, failed under GSP_REQUIRE_SERVICES=1)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from gsp.celery import app
from identity.webhooks.models import Delivery
from tests.gsp.conftest import redis_url  # noqa: F401 (a fixture)

from .webhook_helpers import documented_verify, employer_need, offer, subscribe

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def webhook_queue(redis_url):  # noqa: F811
    """The webhook tasks routed to a queue of this test's own, with eager execution off for this test only."""
    queue = f"test-webhooks-{uuid.uuid4().hex[:12]}"
    eager, routes = app.conf.task_always_eager, app.conf.task_routes
    app.conf.task_always_eager = False
    app.conf.task_routes = {f"identity.{name}": {"queue": queue} for name in ("dispatch_event", "deliver_webhook")}
    reset_router()
    yield queue
    app.conf.task_always_eager, app.conf.task_routes = eager, routes
    reset_router()


def reset_router():
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def test_a_real_worker_delivers_an_event(countries, receiver, webhook_queue):
    need, cohort, _admin = employer_need()
    _endpoint, secret = subscribe(need.employer, receiver.url)

    with start_worker(app, pool="solo", queues=[webhook_queue], perform_ping_check=False, shutdown_timeout=10):
        placement = offer(need, cohort)  # autocommit: the dispatch is queued at once
        deadline = time.monotonic() + 60
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        while Delivery.objects.filter(status="pending").exists() and time.monotonic() < deadline:
            time.sleep(0.2)

    [request] = receiver.requests
    assert documented_verify()(secret, request["headers"], request["body"])
    assert f'"id":{placement.pk}' in request["body"].decode()
    assert [d.status for d in Delivery.objects.all()] == ["delivered"]
