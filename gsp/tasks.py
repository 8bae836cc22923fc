"""Project-level Celery tasks: a round-trip probe that proves a worker is consuming the queue."""

from celery import shared_task


@shared_task(name="gsp.ping")
def ping(value: str = "pong") -> str:
    """Answer `value` back: used by tests and operators to check that the broker, a worker and the
    result backend are wired together (`celery -A gsp call gsp.ping`)."""
    return value


@shared_task(name="gsp.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Forget Idempotency-Keys older than a day (partner systems retry within minutes)."""
    from .idempotency import purge_expired

    return purge_expired()
