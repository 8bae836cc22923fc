"""The daily digest of follow-ups due: one mail per verified member of each centre with something due, listing
exactly its items by pseudonym, nothing for a centre with nothing due, nothing about a centre to another's members,
and nothing twice on the same day."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from migration_tracks.digests import follow_up_digest_send
from migration_tracks.follow_ups import add_months
from migration_tracks.models import FollowUpDigest
from migration_tracks.tasks import send_follow_up_digests
from tests.api_helpers import member_of
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import FollowUpFactory
from tests.training.factories import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

ON = dt.date(2025, 6, 15)


def due(cohort, months=6, late_days=0):
    """A completer whose follow-up at `months` is due on ON (or `late_days` before it: overdue)."""
    return completed(cohort, completed_on=add_months(ON, -months) - dt.timedelta(days=late_days))


@pytest.fixture
def centres():
    """Centre A: one due, one overdue, one recorded. Centre B: one due. Centre C: nothing due."""
    a, b, c = CohortFactory(), CohortFactory(), CohortFactory()
    items = {"due": due(a), "overdue": due(a, late_days=3), "b": due(b)}
    recorded = due(a)
    FollowUpFactory(enrollment=recorded, months_since_completion=6, surveyed_on=ON)
    completed(c, completed_on=ON - dt.timedelta(days=10))  # its first survey is months away
    return a, b, c, items


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_one_mail_per_verified_member_listing_exactly_the_centres_items(centres):
    a, b, c, items = centres
    organisation = a.course.centre.organisation
    editor, viewer = member_of(organisation, "editor"), member_of(organisation, "viewer")
    invited = member_of(organisation, "editor")  # invited, never set a password: the address is not verified
    invited.set_unusable_password()
    invited.save()
    member_of(organisation, "viewer", is_active=False)
    member_of(organisation, "viewer", email="")
    b_member, c_member = member_of(b.course.centre.organisation), member_of(c.course.centre.organisation)

    assert follow_up_digest_send(on=ON) == 3

    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor.email, viewer.email, b_member.email])
    assert mails_to(c_member.email) == []
    message = mails_to(editor.email)[0]
    assert message.subject == f"Follow-ups at {organisation.name}: 1 due, 1 overdue"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    listed = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert listed == [
        f"- {items['overdue'].trainee.pseudonym} · {a.code} · 6 months · overdue since 2025-06-12",
        f"- {items['due'].trainee.pseudonym} · {a.code} · 6 months · due on 2025-06-15",
    ]
    assert f"/follow-ups/add/?enrollment={items['due'].pk}&months_since_completion=6" in message.body
    assert f"{settings.GSP_SITE_URL}/follow-ups/due/?centre={a.course.centre_id}" in message.body
    for person in (items["due"].trainee, items["overdue"].trainee):
        assert person.family_name not in message.body  # no name by mail: pseudonyms only
    html, kind = message.alternatives[0]
    assert kind == "text/html" and items["due"].trainee.pseudonym in html
    b_body = mails_to(b_member.email)[0].body
    assert items["b"].trainee.pseudonym in b_body
    assert items["due"].trainee.pseudonym not in b_body and a.code not in b_body


def test_a_second_run_the_same_day_sends_nothing_the_next_day_sends_again(centres):
    a, b, c, items = centres
    member_of(a.course.centre.organisation)

    assert follow_up_digest_send(on=ON) == 1
    assert follow_up_digest_send(on=ON) == 0
    assert len(mail.outbox) == 1
    digest = FollowUpDigest.objects.get(centre=a.course.centre)
    assert (digest.centre_id, digest.sent_on, digest.due, digest.overdue, digest.mails) == (
        a.course.centre_id,
        ON,
        1,
        1,
        1,
    )
    assert follow_up_digest_send(on=ON + dt.timedelta(days=1)) == 1


def test_nothing_due_nothing_sent(countries):
    cohort = CohortFactory()
    member_of(cohort.course.centre.organisation)
    completed(cohort, completed_on=ON - dt.timedelta(days=10))

    assert follow_up_digest_send(on=ON) == 0
    assert mail.outbox == []
    assert not FollowUpDigest.objects.exists()


@override_settings(GSP_FOLLOW_UP_WINDOW_DAYS=0)
def test_the_task_sends_todays_digest(countries):
    from django.utils import timezone

    cohort = CohortFactory()
    member = member_of(cohort.course.centre.organisation)
    completed(cohort, completed_on=add_months(timezone.localdate(), -12), enrolled_on=dt.date(2023, 1, 9))

    assert send_follow_up_digests.delay().get() == 1
    assert mails_to(member.email)[0].subject.endswith("1 due, 1 overdue")  # 12 months today; 6 months overdue
    assert "send-follow-up-digests" in settings.CELERY_BEAT_SCHEDULE
