"""Organisations taking part in partnerships, the users who act for them, and partner systems' API tokens."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name
from reference.models import Country

from .choices import MembershipRole, OrganisationKind
from .querysets import APITokenQuerySet, MembershipQuerySet, OrganisationQuerySet


class Organisation(TimeStampedModel):
    """A ministry, employer, training provider, donor or agency. Users act for it through memberships."""

    name = models.CharField(verbose_name=_("name"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="organisations"
    )
    sector = models.CharField(verbose_name=_("sector"), max_length=100, blank=True)
    website = models.URLField(verbose_name=_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), through="Membership", related_name="organisations"
    )
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name=check_name("unique_name_country")),
            models.CheckConstraint(condition=models.Q(kind__in=OrganisationKind.values), name=check_name("kind_valid")),
        ]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return f"{self.name} ({self.country_id})"


class Membership(TimeStampedModel):
    """A user acting for an organisation with a role: viewer reads, editor writes, admin manages members."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        verbose_name=_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.VIEWER
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name=check_name("unique_user_organisation")),
            models.CheckConstraint(condition=models.Q(role__in=MembershipRole.values), name=check_name("role_valid")),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.role})"


def hash_key(raw: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to make a leaked table useless."""
    return hashlib.sha256(raw.encode()).hexdigest()


class APIToken(TimeStampedModel):
    """A partner system's credential, bound to one organisation and one role, with an expiry.

    The token acts through its own service user, a member of exactly that organisation with that role, so
    it sees exactly what such a member sees and its changes are recorded in history under its name. Only a
    hash of the key is stored; the key is shown once, when the token is created.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    role = models.CharField(
        verbose_name=_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.VIEWER
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_token"
    )
    prefix = models.CharField(verbose_name=_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(verbose_name=_("key hash"), max_length=64)
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(verbose_name=_("last used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("API tokens")
        ordering = ["organisation", "name"]
        verbose_name = _("API token")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name=check_name("unique_name")),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name=check_name("role_valid")),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name}, {self.role})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active


# The webhooks' models live in their own package (identity/webhooks/) and belong to this app.
from .webhooks.models import Delivery, DeliveryAttempt, Event, WebhookEndpoint  # noqa: E402

__all__ = ["APIToken", "Delivery", "DeliveryAttempt", "Event", "Membership", "Organisation", "WebhookEndpoint"]
