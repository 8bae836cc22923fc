"""The signature of a delivery: `sha256=` and the hex HMAC-SHA256, keyed by the endpoint's secret, of
`f"{timestamp}.{body}"` (docs/webhooks.md shows a receiver checking it)."""

import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 — a marker, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
