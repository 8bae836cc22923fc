"""Writing events into the outbox. Every app's services call `emit_event` inside the transaction of the change."""

import logging

from django.db import transaction
from django.utils import timezone

from .models import Event

logger = logging.getLogger(__name__)


def emit_event(event_type: str, obj, *, partnership_id: int | None = None, context: dict | None = None) -> Event:
    """Record that `event_type` happened to `obj`, in the caller's transaction (so it commits or rolls back with the
    change), and queue its dispatch once that transaction commits. A failure to queue (a broker down) loses
    nothing: the periodic sweep dispatches events left undispatched."""
    event = Event.objects.create(
        type=event_type,
        app_label=obj._meta.app_label,
        model=obj._meta.model_name,
        object_id=obj.pk,
        partnership_id=partnership_id,
        occurred_at=timezone.now(),
        context=context or {},
    )
    transaction.on_commit(lambda: _queue_dispatch(event.pk), robust=True)
    return event


def _queue_dispatch(event_id: int) -> None:
    from ..tasks import dispatch_event

    dispatch_event.delay(event_id)
