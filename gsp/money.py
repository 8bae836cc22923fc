"""Money helpers shared by models and reports: quantisation and a currency field."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")

currency_validator = RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 4217 code of three capital letters."))


def round_money(value: Decimal) -> Decimal:
    """Half-up to cents, applied once at the end of a computation."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_ratio(value: Decimal) -> Decimal:
    return Decimal(value).quantize(RATIO, rounding=ROUND_HALF_UP)


class CurrencyField(models.CharField):
    """An ISO 4217 alphabetic code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("validators", [currency_validator])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 3:
            del kwargs["max_length"]
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)
