"""Permissions of the identity API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import APIToken


class SignedInPersonForWrites(BasePermission):
    """Who belongs to an organisation, and which tokens exist, is decided by people: a token reads these
    resources but never writes them (it could otherwise mint a human admin, who mints tokens)."""

    message = "A token cannot manage memberships or tokens; sign in as an organisation admin."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or not isinstance(getattr(request, "auth", None), APIToken)
