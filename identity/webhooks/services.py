"""Managing endpoints, fanning events out to them, delivering, retrying and replaying.

A delivery is claimed before it is sent (its next attempt pushed past the time a POST may take), so the task queued
with a countdown and the periodic sweep never send the same attempt twice."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gsp.errors import Refused

from .choices import DeliveryStatus
from .models import Delivery, DeliveryAttempt, Event, WebhookEndpoint
from .payloads import encode, payload_for, visible_object
from .sending import Outcome, post
from .signing import new_secret, signature

logger = logging.getLogger(__name__)
D = DeliveryStatus
#: an undispatched event younger than this is left to the task its commit queued
DISPATCH_GRACE = dt.timedelta(minutes=1)
SWEEP_BATCH = 500


# --- endpoints ---------------------------------------------------------------------------------------------------
@transaction.atomic
def endpoint_create(*, organisation, name: str, url: str, event_types: list[str], active: bool = True, created_by=None):
    """Register an endpoint with a new secret; returns the endpoint and the secret (shown once)."""
    endpoint = WebhookEndpoint(
        organisation=organisation, name=name, url=url, event_types=event_types, active=active, created_by=created_by
    )
    endpoint.secret = new_secret()
    endpoint.full_clean()
    endpoint.save()
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> str:
    """Replace the secret (the old one stops signing at once); returns the new one, shown once."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated"])
    return endpoint.secret


# --- fan-out -----------------------------------------------------------------------------------------------------
def backoff_seconds(attempts: int) -> int:
    """The wait after the `attempts`-th failed attempt: base × 2^(attempts − 1) (30 s, 60 s, 120 s…)."""
    return settings.GSP_WEBHOOK_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)


def event_dispatch(event_id: int) -> list[int]:
    """Create one delivery per active endpoint subscribed to the event's type whose organisation may see its
    object, and queue them. Done once per event (the row is locked and marked); returns the deliveries' ids."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id, dispatched_at__isnull=True).first()
        if event is None:
            return []
        endpoints = [
            e
            for e in WebhookEndpoint.objects.filter(active=True).select_related("organisation").order_by("pk")
            if event.type in e.event_types
        ]
        sees: dict[int, bool] = {}
        for endpoint in endpoints:
            if endpoint.organisation_id not in sees:
                sees[endpoint.organisation_id] = visible_object(event, endpoint.organisation) is not None
        now = timezone.now()
        deliveries = Delivery.objects.bulk_create(
            [Delivery(endpoint=e, event=event, next_attempt_at=now) for e in endpoints if sees[e.organisation_id]]
        )
        event.dispatched_at = now
        event.save(update_fields=["dispatched_at"])
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [queue_delivery(pk) for pk in ids], robust=True)
    return ids


def queue_delivery(delivery_id: int, countdown: float = 0) -> None:
    """Send the delivery's task (after `countdown` seconds). Tasks that run in-process (no broker) are not queued
    for later: there the sweep retries when it next runs."""
    from ..tasks import deliver_webhook

    if countdown > 0 and deliver_webhook.app.conf.task_always_eager:
        return
    deliver_webhook.apply_async((delivery_id,), countdown=countdown or None)


# --- delivering --------------------------------------------------------------------------------------------------
def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    """Take a due pending delivery for one attempt: count it, and push its next attempt past the lease."""
    lease = dt.timedelta(seconds=settings.GSP_WEBHOOK_TIMEOUT * 2 + 60)
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint__organisation", "event")
            .filter(pk=delivery_id, status=D.PENDING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + lease
        delivery.save(update_fields=["attempts", "next_attempt_at", "updated"])
        return delivery


def headers_for(delivery: Delivery, body: bytes, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "GSP-Manager-Webhooks/1",
        "X-GSP-Event": delivery.event.type,
        "X-GSP-Delivery": str(delivery.pk),
        "X-GSP-Timestamp": timestamp,
        "X-GSP-Signature": signature(delivery.endpoint.secret, timestamp, body),
    }


def delivery_attempt(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery | None:
    """One attempt of a due delivery (the body of the Celery task): build the payload for the endpoint's
    organisation, sign it, POST it and log the attempt. Returns the delivery, or None when nothing was due."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    if not delivery.endpoint.active:
        return _finish(delivery, D.FAILED, error="The endpoint was switched off.")
    payload = payload_for(delivery.event, delivery.endpoint.organisation)
    if payload is None:
        return _finish(delivery, D.SKIPPED, error="The organisation may not see this object (any more).")
    body = encode(payload)
    timestamp = str(int(now.timestamp()))
    outcome = post(delivery.endpoint.url, body, headers_for(delivery, body, timestamp))
    return record_attempt(delivery, outcome, now)


def record_attempt(delivery: Delivery, outcome: Outcome, now: dt.datetime) -> Delivery:
    """Log the attempt; then delivered (2xx), failed (the attempt limit reached) or due again after the backoff."""
    error = outcome.error or ("" if outcome.ok else f"HTTP {outcome.status_code}")
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        error=error[:500],
        response_excerpt=outcome.excerpt,
    )
    delivery.last_status_code = outcome.status_code
    if outcome.ok:
        delivery.delivered_at = now
        return _finish(delivery, D.DELIVERED)
    if delivery.attempts >= settings.GSP_WEBHOOK_MAX_ATTEMPTS:
        return _finish(delivery, D.FAILED, error=error)
    delivery.last_error = error[:500]
    delivery.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts))
    delivery.save(update_fields=["last_status_code", "last_error", "next_attempt_at", "updated"])
    return delivery


def _finish(delivery: Delivery, status: str, *, error: str = "") -> Delivery:
    delivery.status, delivery.last_error, delivery.next_attempt_at = status, error[:500], None
    delivery.save(
        update_fields=["status", "last_error", "next_attempt_at", "last_status_code", "delivered_at", "updated"]
    )
    return delivery


@transaction.atomic
def delivery_replay(*, delivery: Delivery) -> Delivery:
    """Send the delivery's event to its endpoint again, as a new delivery (its payload built anew, as the
    organisation may see the object now). A delivery still being retried is not replayed (409)."""
    if delivery.status == D.PENDING:
        raise Refused({"status": _("This delivery is still being attempted: wait for it to succeed or fail.")})
    if not delivery.endpoint.active:
        raise Refused({"endpoint": _("This webhook is switched off: switch it on to replay its deliveries.")})
    replay = Delivery.objects.create(
        endpoint=delivery.endpoint, event=delivery.event, replay_of=delivery, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: queue_delivery(replay.pk), robust=True)
    return replay


# --- the sweep ---------------------------------------------------------------------------------------------------
def sweep(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """What the periodic task does: dispatch events left undispatched (their queueing failed), and queue the
    pending deliveries whose next attempt is due. Returns (events dispatched, deliveries queued)."""
    now = now or timezone.now()
    events = list(
        Event.objects.filter(dispatched_at__isnull=True, occurred_at__lte=now - DISPATCH_GRACE)
        .order_by("occurred_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for event_id in events:
        event_dispatch(event_id)
    due = list(
        Delivery.objects.filter(status=D.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in due:
        queue_delivery(delivery_id)
    return len(events), len(due)
