"""Services of the identity app: organisation admins invite, re-role and remove their members, and create
and revoke API tokens for partner systems."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from gsp.errors import Refused

from .access import TOKEN_USER_PREFIX
from .choices import MembershipRole
from .models import APIToken, Membership, Organisation, hash_key


def _set_password_link(user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def membership_invite(
    *, organisation: Organisation, email: str, role: str, invited_by=None, base_url: str = "http://127.0.0.1:8000"
) -> Membership:
    """Make the person with `email` a member (creating their account), and e-mail them a link to set a password."""
    email = get_user_model().objects.normalize_email(email).lower()
    user, created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise Refused(
            {
                "email": _("%(email)s is already a member of %(organisation)s.")
                % {"email": email, "organisation": organisation.name}
            }
        )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    lines = [
        _("%(inviter)s added you to %(organisation)s in GSP Manager as %(role)s.")
        % {"inviter": invited_by or _("An administrator"), "organisation": organisation.name, "role": role}
    ]
    if created:
        lines.append(_("Set your password here: %(link)s") % {"link": _set_password_link(user, base_url)})
    subject = _("Your GSP Manager access")
    transaction.on_commit(lambda: send_mail(subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, [email]))
    return membership


def _keep_one_admin(membership: Membership) -> None:
    """Refuse to let the organisation's last admin go (nobody could manage it any more)."""
    if membership.role == MembershipRole.ADMIN:
        admins = Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=MembershipRole.ADMIN
        )
        if admins.count() <= 1:
            raise Refused({"role": _("This is the organisation's last admin: appoint another admin first.")})


def _refuse_token_membership(membership: Membership) -> None:
    """A token's service user holds exactly the token's role: changing it would let a viewer token act as an
    admin while the token still says viewer. Revoking the token is the only way to end it."""
    if APIToken.objects.filter(user_id=membership.user_id).exists():
        raise Refused({"role": _("This membership belongs to an API token: revoke the token instead.")})


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member. An organisation never loses its last admin; a token's membership ends with the token."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _refuse_token_membership(membership)
    _keep_one_admin(membership)
    membership.delete()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Change a member's role. The last admin cannot step down, as they cannot leave."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _refuse_token_membership(membership)
    if role != MembershipRole.ADMIN:
        _keep_one_admin(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated"])
    return membership


TOKEN_PREFIX = "gsp"  # noqa: S105 — a public marker, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)  # avoid a write on every request


@transaction.atomic
def token_create(
    *, organisation: Organisation, name: str, role: str, expires_at: datetime, created_by=None
) -> tuple[APIToken, str]:
    """Create a token and its service user; returns the token and the key, which is never shown again."""
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    longest = timedelta(days=settings.GSP_TOKEN_MAX_LIFETIME_DAYS)
    if expires_at > now + longest:
        latest = f"{now + longest:%Y-%m-%d}"
        raise ValidationError(
            {
                "expires_at": _("A token lives at most %(days)s days: expire it by %(latest)s.")
                % {"days": longest.days, "latest": latest}
            }
        )
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    user = get_user_model().objects.create_user(username=f"{TOKEN_USER_PREFIX}{prefix}")  # unusable password
    Membership.objects.create(user=user, organisation=organisation, role=role)
    token = APIToken(
        name=name,
        organisation=organisation,
        role=role,
        user=user,
        prefix=prefix,
        key_hash=hash_key(raw),
        expires_at=expires_at,
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def token_revoke(*, token: APIToken) -> APIToken:
    token.revoked_at = token.revoked_at or timezone.now()
    token.save(update_fields=["revoked_at", "updated"])
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])
    return token


def token_authenticate(raw: str) -> APIToken | None:
    """The usable token matching `raw`, or None. Constant-time comparison of the hash."""
    parts = raw.split("_", 2)  # the random part itself may contain "_"
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    # the prefix is unique: no ordering (the model's joins the organisation to sort, on every API request)
    token = next(iter(APIToken.objects.select_related("user").filter(prefix=parts[1]).order_by()[:1]), None)
    if token is None or not secrets.compare_digest(token.key_hash, hash_key(raw)) or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
