"""What was actually spent, against which the planned costs are compared."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField, money_field
from identity.models import Organisation
from partnerships.choices import CostCategory, PayerRole
from partnerships.models import Partnership

from ..querysets import ExpenditureQuerySet
from .cohorts import Cohort


class Expenditure(TimeStampedModel):
    """An amount actually paid for a cost category, by a payer role (and organisation), on a date."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="expenditures"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures"
    )
    category = models.CharField(verbose_name=_("category"), max_length=30, choices=CostCategory.choices)
    amount = money_field(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    spent_on = event_date(verbose_name=_("spent on"))
    payer_role = models.CharField(verbose_name=_("payer role"), max_length=30, choices=PayerRole.choices)
    payer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("payer organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    reference = models.CharField(
        verbose_name=_("reference"), max_length=100, blank=True, help_text=_("Invoice or payment reference.")
    )
    history = HistoricalRecords()

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["partnership", "-spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name=check_name("amount_positive")),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name=check_name("category_valid")),
            models.CheckConstraint(condition=Q(payer_role__in=PayerRole.values), name=check_name("payer_valid")),
        ]
        indexes = [models.Index(fields=["partnership", "category"])]

    def __str__(self):
        return _("%(partnership)s %(category)s %(amount)s %(currency)s on %(date)s") % {
            "partnership": self.partnership.code,
            "category": self.category,
            "amount": self.amount,
            "currency": self.currency,
            "date": self.spent_on,
        }

    def clean(self):
        if self.cohort_id and self.partnership_id and self.cohort.partnership_id != self.partnership_id:
            raise ValidationError({"cohort": _("The cohort belongs to another partnership.")})
