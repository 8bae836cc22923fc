"""The daily digest of follow-ups due: each training centre's members are e-mailed what is due and overdue at their
centre (`follow_up_digest_send`, run by the task `migration_tracks.send_follow_up_digests`).

One mail per member with a verified address (an active account with an e-mail address and a password the person set
through the link sent to that address: invited members who never set one are left out, as are API tokens' service
users). The mail names trainees by pseudonym only, with a link to the follow-ups page where the centre sees who they
are: no personal data travels by e-mail. A centre with nothing due gets no mail; a centre's digest is sent at most
once a day (`FollowUpDigest`), so a task run twice the same day sends nothing the second time.
"""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from identity.access import TOKEN_USER_PREFIX
from training.models import Cohort, Enrollment, Trainee, TrainingCentre

from .follow_ups import DUE, OVERDUE, follow_ups_due, follow_ups_due_counts, window_days
from .models import FollowUpDigest

#: Follow-ups listed in one mail at most; the counts cover them all and the link leads to the rest.
LISTED = 50


def verified_members(centre: TrainingCentre):
    """The centre's members who receive mail: active, with an address, and a password they set themselves."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=centre.organisation_id, is_active=True)
        .exclude(email="")
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(username__startswith=TOKEN_USER_PREFIX)
        .distinct()
        .order_by("pk")
    )


def member_language(user) -> str:
    """The member's language when the account records one (a `language` attribute), else the site's default."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site_url(name: str, *args, **query) -> str:
    url = settings.GSP_SITE_URL + reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def digest_items(centre: TrainingCentre, on: dt.date) -> list[dict]:
    """The first `LISTED` follow-ups due or overdue at `centre`, each with its pseudonym and record link."""
    rows = list(follow_ups_due(enrollments=Enrollment.objects.filter(cohort__course__centre=centre), on=on)[:LISTED])
    codes = dict(Cohort.objects.filter(pk__in={r["cohort_id"] for r in rows}).values_list("pk", "code"))
    return [
        {
            **row,
            "pseudonym": Trainee(pk=row["trainee_id"]).pseudonym,
            "cohort": codes[row["cohort_id"]],
            "record_url": site_url(
                "migration_tracks:followup_add", enrollment=row["id"], months_since_completion=row["months"]
            ),
        }
        for row in rows
    ]


def _message(centre, counts: dict, items: list[dict], on: dt.date, user, connection) -> EmailMultiAlternatives:
    with translation.override(member_language(user)):
        context = {
            "centre": centre.organisation.name,
            "due": counts[DUE],
            "overdue": counts[OVERDUE],
            "items": items,
            "more": counts[DUE] + counts[OVERDUE] - len(items),
            "days": window_days(),
            "on": on,
            "page_url": site_url("migration_tracks:followups_due", centre=centre.pk),
        }
        subject = _("Follow-ups at %(centre)s: %(due)s due, %(overdue)s overdue") % context
        text = render_to_string("migration_tracks/email/follow_up_digest.txt", context)
        html = render_to_string("migration_tracks/email/follow_up_digest.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def _send_centre(centre: TrainingCentre, counts: dict, on: dt.date, connection) -> int:
    """Claim the centre's digest of the day, then mail its members; 0 when it was already sent today. A failure to
    send rolls the claim back, so a retry sends it."""
    try:
        with transaction.atomic():
            digest = FollowUpDigest.objects.create(
                centre=centre, sent_on=on, due=counts[DUE], overdue=counts[OVERDUE], mails=0
            )
            items = digest_items(centre, on)
            messages = [_message(centre, counts, items, on, user, connection) for user in verified_members(centre)]
            digest.mails = (connection.send_messages(messages) or 0) if messages else 0
            digest.save(update_fields=["mails"])
    except IntegrityError:
        return 0  # sent earlier today (or by a concurrent run)
    return digest.mails


def follow_up_digest_send(*, on: dt.date) -> int:
    """E-mail every training centre with follow-ups due or overdue on `on` its digest, once a day. Returns the
    number of mails sent."""
    counts = follow_ups_due_counts(enrollments=Enrollment.objects.all(), on=on, by="cohort__course__centre_id")
    pending = {pk: c for pk, c in counts.items() if c[DUE] or c[OVERDUE]}
    already = set(FollowUpDigest.objects.filter(sent_on=on, centre__in=pending).values_list("centre_id", flat=True))
    centres = TrainingCentre.objects.filter(pk__in=set(pending) - already).order_by("pk")
    sent = 0
    with get_connection() as connection:
        for centre in centres:
            sent += _send_centre(centre, pending[centre.pk], on, connection)
    return sent
