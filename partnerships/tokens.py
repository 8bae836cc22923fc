"""Creating, checking and revoking API tokens."""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import APIToken, Membership, Organisation
from .models.tokens import hash_key

TOKEN_PREFIX = "gsp"  # noqa: S105 — a public marker, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)  # avoid a write on every request


@transaction.atomic
def token_create(
    *, organisation: Organisation, name: str, role: str, expires_at: datetime, created_by=None
) -> tuple[APIToken, str]:
    """Create a token and its service user; returns the token and the key, which is never shown again."""
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    user = get_user_model().objects.create_user(username=f"api-token-{prefix}")  # unusable password
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
    token = APIToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.key_hash, hash_key(raw)) or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
