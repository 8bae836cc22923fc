"""The outbox: an event is written in the transaction of its change (none for a change rolled back, exactly one for
a change committed), dispatched once when that transaction commits, and, when queueing its dispatch failed, by the
periodic sweep."""

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from identity.tasks import dispatch_event, sweep_webhooks
from identity.webhooks import services
from identity.webhooks.models import Delivery, Event
from migration_tracks.models import Placement

from .webhook_helpers import employer_need, offer, subscribe


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_no_event_and_a_committed_one_exactly_one(countries, receiver):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        offer(need, cohort)
        raise RuntimeError("the request failed after the change")
    assert (Placement.objects.count(), Event.objects.count(), receiver.requests) == (0, 0, [])

    placement = offer(need, cohort)  # its own transaction, committed: dispatched and delivered (tasks in-process)

    [event] = Event.objects.all()
    assert (event.type, event.object_id, event.partnership_id) == (
        "placement.created",
        placement.pk,
        need.partnership_id,
    )
    assert event.dispatched_at is not None
    assert [d.status for d in Delivery.objects.all()] == ["delivered"] and len(receiver.requests) == 1
    assert services.event_dispatch(event.pk) == []  # dispatched once


@pytest.mark.django_db(transaction=True)
def test_an_event_whose_dispatch_could_not_be_queued_is_dispatched_by_the_sweep(countries, receiver):
    need, cohort, _admin = employer_need()
    subscribe(need.employer, receiver.url)

    with mock.patch.object(dispatch_event, "delay", side_effect=ConnectionError("broker down")):
        placement = offer(need, cohort)  # the change commits even so

    event = Event.objects.get()
    assert Placement.objects.filter(pk=placement.pk).exists() and event.dispatched_at is None
    assert services.sweep() == (0, 0)  # too young: its own task may still come
    assert services.sweep(now=timezone.now() + dt.timedelta(minutes=2)) == (1, 0)
    event.refresh_from_db()
    assert event.dispatched_at is not None and len(receiver.requests) == 1
    assert sweep_webhooks.run() == [0, 0]


@pytest.mark.django_db
def test_each_event_is_written_with_its_change_and_dispatch_waits_for_the_commit(django_capture_on_commit_callbacks):
    need, cohort, _admin = employer_need()
    with django_capture_on_commit_callbacks() as callbacks:
        offer(need, cohort)
    assert Event.objects.count() == 1 and len(callbacks) == 1
    assert Event.objects.get().dispatched_at is None  # nothing ran before the commit
