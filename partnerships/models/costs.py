"""Costs of running a partnership that no single trainee incurs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField, money_field

from ..choices import MANAGEMENT_COST_CHOICES, CostCategory
from ..querysets import PartnershipPartQuerySet
from .agreements import Partnership


class PartnershipCost(TimeStampedModel):
    """A management cost of the partnership (coordination, staffing, monitoring and evaluation).

    Reports convert it at the rate of the day it was incurred, split it with the `management` rules of the
    cost-sharing version in force that day, and allocate it to the tracks pro rata to enrollments (DESIGN §3).
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="partnership_costs"
    )
    category = models.CharField(
        verbose_name=_("category"), max_length=30, choices=MANAGEMENT_COST_CHOICES, default=CostCategory.MANAGEMENT
    )
    amount = money_field(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    incurred_on = event_date(verbose_name=_("incurred on"))
    description = models.CharField(verbose_name=_("description"), max_length=300)
    history = HistoricalRecords()

    objects = PartnershipPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership cost")
        verbose_name_plural = _("partnership costs")
        ordering = ["partnership", "-incurred_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name=check_name("amount_positive")),
            models.CheckConstraint(condition=Q(category=CostCategory.MANAGEMENT), name=check_name("category_valid")),
        ]
        indexes = [models.Index(fields=["partnership", "incurred_on"])]

    def __str__(self):
        return _("%(partnership)s %(description)s: %(amount)s %(currency)s on %(date)s") % {
            "partnership": self.partnership.code,
            "description": self.description,
            "amount": self.amount,
            "currency": self.currency,
            "date": self.incurred_on,
        }
