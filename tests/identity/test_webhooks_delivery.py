"""Delivering webhooks to a receiver on 127.0.0.1: signed as docs/webhooks.md verifies, retried with exponential
backoff on failure until the limit, redirects not followed, replayed as a new delivery; private addresses refused."""

import datetime as dt
import json
import time
from unittest import mock

import pytest
from django.utils import timezone

from gsp.errors import Refused
from identity.tasks import deliver_webhook
from identity.webhooks import services
from identity.webhooks.models import Delivery, DeliveryAttempt, Event, WebhookEndpoint
from identity.webhooks.targets import check_resolved

from .webhook_helpers import documented_verify, employer_need, offer, subscribe

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def dispatched(need, cohort) -> Delivery:
    """An offer made, its event dispatched: the one delivery created for the subscribed endpoint."""
    placement = offer(need, cohort)
    event = Event.objects.get(type="placement.created", object_id=placement.pk)
    [delivery_id] = services.event_dispatch(event.pk)
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=T0)  # due from T0 on
    return Delivery.objects.get(pk=delivery_id)


def test_an_event_reaches_the_receiver_signed_as_the_documentation_verifies(
    receiver, django_capture_on_commit_callbacks
):
    need, cohort, _admin = employer_need()
    endpoint, secret = subscribe(need.employer, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        placement = offer(need, cohort)  # commit → dispatch task → delivery task (eager) → POST

    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    delivery = Delivery.objects.get()
    assert (headers["X-GSP-Event"], headers["X-GSP-Delivery"]) == ("placement.created", str(delivery.pk))
    assert abs(int(headers["X-GSP-Timestamp"]) - time.time()) < 60
    verify = documented_verify()
    assert verify(secret, headers, body) is True
    assert verify("whsec_wrong", headers, body) is False
    assert verify(secret, headers, body + b" ") is False
    assert verify(secret, headers | {"X-GSP-Timestamp": str(int(time.time()) - 301)}, body) is False
    payload = json.loads(body)
    assert (payload["type"], payload["object"], payload["data"]["id"]) == (
        "placement.created", {"type": "placement", "id": placement.pk}, placement.pk,
    )  # fmt: skip
    assert payload["partnership"] == need.partnership_id
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    attempt = delivery.attempt_log.get()
    assert (attempt.number, attempt.status_code, attempt.error, attempt.response_excerpt) == (1, 200, "", "answer 200")
    assert endpoint.pk == delivery.endpoint_id


def test_a_failing_receiver_is_retried_after_the_backoff_and_then_delivered(receiver):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    delivery = dispatched(need, cohort)
    receiver.answers = [500]

    first = services.delivery_attempt(delivery.pk, now=T0)
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert first.next_attempt_at == T0 + dt.timedelta(seconds=30)
    assert services.delivery_attempt(delivery.pk, now=T0 + dt.timedelta(seconds=29)) is None  # not due yet
    assert len(receiver.requests) == 1

    second = services.delivery_attempt(delivery.pk, now=T0 + dt.timedelta(seconds=30))
    assert (second.status, second.attempts, second.next_attempt_at) == ("delivered", 2, None)
    log = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("number", "status_code", "error"))
    assert log == [(1, 500, "HTTP 500"), (2, 200, "")]
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]


def test_the_backoff_doubles_and_the_task_queues_the_next_attempt_with_it_as_countdown(receiver, settings):
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4, 8)] == [30, 60, 120, 240, 3840]
    settings.GSP_WEBHOOK_BACKOFF_SECONDS = 10
    assert [services.backoff_seconds(n) for n in (1, 2, 3)] == [10, 20, 40]
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    delivery = dispatched(need, cohort)
    receiver.answers = [503]

    eager = deliver_webhook.app.conf.task_always_eager
    deliver_webhook.app.conf.task_always_eager = False  # as with a broker: the retry is a message with a countdown
    try:
        with mock.patch.object(deliver_webhook, "apply_async") as queued:
            assert deliver_webhook.run(delivery.pk) == "pending"
    finally:
        deliver_webhook.app.conf.task_always_eager = eager
    [(args, kwargs)] = queued.call_args_list
    assert args == ((delivery.pk,),)
    assert 9 < kwargs["countdown"] <= 10


def test_after_the_attempt_limit_the_delivery_fails_and_is_not_sent_again(receiver, settings):
    settings.GSP_WEBHOOK_MAX_ATTEMPTS = 3
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    delivery = dispatched(need, cohort)
    receiver.answers = [500, 502, 500, 200]

    now = T0
    for _ in range(3):
        delivery = services.delivery_attempt(delivery.pk, now=now)
        now = delivery.next_attempt_at or now
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert delivery.last_error == "HTTP 500"
    assert services.delivery_attempt(delivery.pk, now=now + dt.timedelta(days=1)) is None
    assert len(receiver.requests) == 3
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [500, 502, 500]
    assert [a.at - T0 for a in delivery.attempt_log.all()] == [
        dt.timedelta(0),
        dt.timedelta(seconds=30),
        dt.timedelta(seconds=90),
    ]


def test_a_3xx_answer_is_a_failure_and_its_location_is_never_called(receiver):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    receiver.answers = [302]
    delivery = services.delivery_attempt(dispatched(need, cohort).pk, now=T0)

    attempt = delivery.attempt_log.get()
    assert (delivery.status, attempt.status_code, attempt.error) == ("pending", 302, "Redirect not followed.")
    assert len(receiver.requests) == 1


def test_an_unreachable_receiver_is_logged_with_its_error(receiver):
    need, cohort, _admin = employer_need()
    endpoint, _secret = subscribe(need.employer, receiver.url)
    receiver.server.server_close()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="http://127.0.0.1:9/closed")

    delivery = services.delivery_attempt(dispatched(need, cohort).pk, now=T0)

    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and attempt.error.startswith("URLError")
    assert delivery.status == "pending" and delivery.next_attempt_at == T0 + dt.timedelta(seconds=30)


def test_a_replay_is_a_new_delivery_of_the_same_event(receiver, django_capture_on_commit_callbacks):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    first = services.delivery_attempt(dispatched(need, cohort).pk, now=T0)

    with django_capture_on_commit_callbacks(execute=True):
        replay = services.delivery_replay(delivery=first)

    replay.refresh_from_db()
    assert (replay.replay_of_id, replay.event_id, replay.status, replay.attempts) == (
        first.pk,
        first.event_id,
        "delivered",
        1,
    )
    one, two = receiver.requests
    assert json.loads(one["body"])["id"] == json.loads(two["body"])["id"] == first.event_id
    assert (one["headers"]["X-GSP-Delivery"], two["headers"]["X-GSP-Delivery"]) == (str(first.pk), str(replay.pk))

    pending = Delivery.objects.create(endpoint=first.endpoint, event=first.event, next_attempt_at=T0)
    with pytest.raises(Refused):
        services.delivery_replay(delivery=pending)


def test_the_sweep_sends_the_deliveries_that_are_due(receiver, django_capture_on_commit_callbacks):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    delivery = dispatched(need, cohort)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + dt.timedelta(minutes=5))

    assert services.sweep() == (0, 0)  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.sweep() == (0, 1)  # tasks run in-process here: sent at once
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.requests) == 1


def test_a_host_resolving_to_a_private_address_is_not_called(receiver, settings):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)
    settings.GSP_WEBHOOK_ALLOW_HTTP_HOSTS = []  # 127.0.0.1 no longer exempt
    assert "non-public address (127.0.0.1)" in check_resolved("127.0.0.1", 80)
    assert "non-public address" in check_resolved("localhost", 443)

    delivery = services.delivery_attempt(dispatched(need, cohort).pk, now=T0)

    assert receiver.requests == []
    assert "non-public address" in delivery.attempt_log.get().error


def test_a_switched_off_endpoint_gets_nothing_more(receiver):
    need, cohort, _admin = employer_need()
    endpoint, _secret = subscribe(need.employer, receiver.url)
    delivery = dispatched(need, cohort)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)

    delivery = services.delivery_attempt(delivery.pk, now=T0)

    assert (delivery.status, receiver.requests) == ("failed", [])
    assert (
        services.event_dispatch(
            Event.objects.create(
                type="placement.created",
                app_label="migration_tracks",
                model="placement",
                object_id=delivery.event.object_id,
            ).pk
        )
        == []
    )
