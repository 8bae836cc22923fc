"""Organisations taking part in partnerships and the users who act for them."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name

from ..choices import MembershipRole, OrganisationKind
from ..querysets import MembershipQuerySet, OrganisationQuerySet
from .reference import Country


class Organisation(TimeStampedModel):
    """A ministry, employer, training provider, donor or agency. Users act for it through memberships."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organisations")
    sector = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name=check_name("unique_user_organisation")),
            models.CheckConstraint(condition=models.Q(role__in=MembershipRole.values), name=check_name("role_valid")),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.role})"
