"""Celery tasks of the migration app: the daily digest of follow-ups due (a thin adapter over the service)."""

from celery import shared_task
from django.utils import timezone

from .digests import follow_up_digest_send


@shared_task(name="migration_tracks.send_follow_up_digests")
def send_follow_up_digests() -> int:
    """E-mail each training centre's members the follow-ups due and overdue today (once a day); mails sent."""
    return follow_up_digest_send(on=timezone.localdate())
