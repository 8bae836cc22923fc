"""What was actually spent, against which the planned costs are compared."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="expenditures")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures")
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    amount = money_field()
    currency = CurrencyField()
    spent_on = event_date()
    payer_role = models.CharField(max_length=30, choices=PayerRole.choices)
    payer_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures"
    )
    reference = models.CharField(max_length=100, blank=True, help_text="Invoice or payment reference.")
    history = HistoricalRecords()

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name=check_name("amount_positive")),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name=check_name("category_valid")),
            models.CheckConstraint(condition=Q(payer_role__in=PayerRole.values), name=check_name("payer_valid")),
        ]
        indexes = [models.Index(fields=["partnership", "category"])]

    def __str__(self):
        return f"{self.partnership.code} {self.category} {self.amount} {self.currency} on {self.spent_on}"

    def clean(self):
        if self.cohort_id and self.partnership_id and self.cohort.partnership_id != self.partnership_id:
            raise ValidationError({"cohort": "The cohort belongs to another partnership."})
