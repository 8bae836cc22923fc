"""Celery tasks of the identity app: the webhooks' dispatch, delivery and periodic sweep (thin adapters over
`identity.webhooks.services`; retries are scheduled by the task, never by sleeping)."""

from celery import shared_task
from django.utils import timezone

from .webhooks import services


@shared_task(name="identity.dispatch_event", acks_late=True)
def dispatch_event(event_id: int) -> list[int]:
    return services.event_dispatch(event_id)


@shared_task(name="identity.deliver_webhook", acks_late=True, max_retries=0)
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt; when it failed and the limit is not reached, the next one is queued after the backoff."""
    delivery = services.delivery_attempt(delivery_id)
    if delivery is None:
        return None
    if delivery.status == services.D.PENDING and delivery.next_attempt_at:
        services.queue_delivery(
            delivery.pk, countdown=max(1.0, (delivery.next_attempt_at - timezone.now()).total_seconds())
        )
    return delivery.status


@shared_task(name="identity.sweep_webhooks")
def sweep_webhooks() -> list[int]:
    return list(services.sweep())
