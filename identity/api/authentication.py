"""Token authentication for partner systems: `Authorization: Token <key>` (or `Bearer <key>`)."""

from django.conf import settings
from django.core.cache import cache
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..services import token_authenticate


def failures_key(request) -> str:
    return f"token-failures:{request.META.get('REMOTE_ADDR', '')}"


class APITokenAuthentication(authentication.BaseAuthentication):
    """Authenticates as the token's service user, a member of the token's organisation with its role."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: give the key after the keyword.")
        try:
            raw = header[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token.") from exc
        key = failures_key(request)
        if cache.get(key, 0) >= settings.GSP_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(settings.GSP_TOKEN_FAILURE_WINDOW_SECONDS, "Too many invalid tokens.")
        token = token_authenticate(raw)
        if token is None:
            # Count wrong keys per address so that guessing them is slow; the window restarts with the first.
            cache.add(key, 0, timeout=settings.GSP_TOKEN_FAILURE_WINDOW_SECONDS)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=settings.GSP_TOKEN_FAILURE_WINDOW_SECONDS)
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class APITokenScheme(OpenApiAuthenticationExtension):
    target_class = APITokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: a key created by an organisation admin at /api/v1/tokens/.",
        }
