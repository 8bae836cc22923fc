"""Permissions of the identity API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import APIToken


class SignedInPersonForWrites(BasePermission):
    """Who belongs to an organisation is decided by people: a token reads memberships but never writes them (it
    could otherwise mint a human admin, who mints tokens). Tokens themselves are guarded in `APITokenViewSet`."""

    message = "A token cannot manage memberships; sign in as an organisation admin."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or not isinstance(getattr(request, "auth", None), APIToken)
