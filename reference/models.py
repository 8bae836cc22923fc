"""Reference data: countries, occupations, the WHO safeguards list, exchange rates, domestic costs."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import ReferenceQuerySet, TimeStampedModel, check_name, event_date
from gsp.money import CurrencyField, money_field

HEALTH_OCCUPATION_PREFIXES = ("22", "32")
HEALTH_OCCUPATION_CODES = ("5321",)


class Country(models.Model):
    """A country (ISO 3166-1 alpha-2) with its currency (ISO 4217). Loaded from pycountry, never typed."""

    code = models.CharField(verbose_name=_("code"), primary_key=True, max_length=2)
    name = models.CharField(verbose_name=_("name"), max_length=100)
    currency = CurrencyField(verbose_name=_("currency"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name=check_name("code_alpha2"))]

    def __str__(self):
        return self.name

    def on_safeguards_list(self) -> bool:
        current = HealthSafeguardsList.current()
        return bool(current) and current.countries.filter(pk=self.pk).exists()


class Occupation(models.Model):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit (4), under its parent group."""

    code = models.CharField(verbose_name=_("code"), primary_key=True, max_length=4)
    title = models.CharField(verbose_name=_("title"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{1,4}$"), name=check_name("code_isco")),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def level(self) -> int:
        """1 major, 2 sub-major, 3 minor, 4 unit group."""
        return len(self.code)

    @property
    def is_health(self) -> bool:
        """Health personnel in the sense of the WHO code: ISCO-08 22xx, 32xx and 5321."""
        return self.code.startswith(HEALTH_OCCUPATION_PREFIXES) or self.code in HEALTH_OCCUPATION_CODES

    def clean(self):
        if self.code and len(self.code) > 1:
            expected = self.code[:-1]
            if self.parent_id != expected:
                raise ValidationError(
                    {
                        "parent": _("The parent of ISCO-08 group %(code)s is %(parent)s.")
                        % {"code": self.code, "parent": expected}
                    }
                )
        elif self.parent_id:
            raise ValidationError({"parent": _("A major group has no parent.")})


def health_occupation_q(prefix: str = "") -> Q:
    """Filter for health occupations through a relation path ending in an Occupation."""
    field = f"{prefix}code" if not prefix else f"{prefix}__code"
    q = Q(**{f"{field}__in": HEALTH_OCCUPATION_CODES})
    for p in HEALTH_OCCUPATION_PREFIXES:
        q |= Q(**{f"{field}__startswith": p})
    return q


class HealthSafeguardsList(TimeStampedModel):
    """A version of the WHO Health Workforce Support and Safeguards List, with its source.

    Kept as editable data, not code: the list is revised (2020, 2023…) and copies of it differ.
    Only the version marked current is used for checks.
    """

    version = models.CharField(verbose_name=_("version"), max_length=50, unique=True)
    source = models.TextField(verbose_name=_("source"))
    published_on = event_date(verbose_name=_("published on"), null=True, blank=True)
    is_current = models.BooleanField(verbose_name=_("is current"), default=False)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), related_name="safeguards_lists", blank=True
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("health safeguards list")
        verbose_name_plural = _("health safeguards lists")
        ordering = ["-published_on", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name=check_name("one_current")
            ),
        ]

    def __str__(self):
        return _("WHO safeguards list %(version)s") % {"version": self.version}

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).first()


class MissingExchangeRate(LookupError):
    """No rate is recorded for a currency pair on or before a date; reports name the pair and fail."""

    def __init__(self, base: str, quote: str, on: date):
        self.base, self.quote, self.on = base, quote, on
        super().__init__(f"No exchange rate {base}/{quote} on or before {on.isoformat()}.")


class ExchangeRate(TimeStampedModel):
    """One unit of `base` is worth `rate` units of `quote` from `date` on (until a later rate)."""

    base_currency = CurrencyField(verbose_name=_("base currency"))
    quote_currency = CurrencyField(verbose_name=_("quote currency"))
    date = event_date(verbose_name=_("date"))
    rate = models.DecimalField(verbose_name=_("rate"), max_digits=20, decimal_places=8)
    source = models.CharField(verbose_name=_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["base_currency", "quote_currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["base_currency", "quote_currency", "date"], name=check_name("unique_day")),
            models.CheckConstraint(condition=Q(rate__gt=0), name=check_name("rate_positive")),
            models.CheckConstraint(
                condition=~Q(base_currency=models.F("quote_currency")), name=check_name("distinct_currencies")
            ),
        ]
        indexes = [models.Index(fields=["base_currency", "quote_currency", "date"])]

    def __str__(self):
        return f"1 {self.base_currency} = {self.rate} {self.quote_currency} ({self.date})"

    @classmethod
    def rate_on(cls, base: str, quote: str, on: date) -> Decimal:
        """The latest rate dated on or before `on`, using the inverse pair when only that is recorded."""
        if base == quote:
            return Decimal(1)
        direct = cls.objects.filter(base_currency=base, quote_currency=quote, date__lte=on).order_by("-date").first()
        inverse = cls.objects.filter(base_currency=quote, quote_currency=base, date__lte=on).order_by("-date").first()
        rate = cls.choose(direct and (direct.rate, direct.date), inverse and (inverse.rate, inverse.date))
        if rate is None:
            raise MissingExchangeRate(base, quote, on)
        return rate

    @staticmethod
    def choose(direct: tuple | None, inverse: tuple | None) -> Decimal | None:
        """The rule, given the latest (rate, date) of the pair and of its inverse on or before a day: the direct
        rate unless the inverse is more recent, then 1 ÷ the inverse; None when neither is recorded. Reports
        apply the same rule to rates they look up in bulk."""
        if direct and (not inverse or direct[1] >= inverse[1]):
            return direct[0]
        if inverse:
            return Decimal(1) / inverse[0]
        return None


class DomesticTrainingCost(TimeStampedModel):
    """What it costs to train one worker in `occupation` inside `country` in `year` (destination savings)."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="domestic_training_costs"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="domestic_training_costs"
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    amount = money_field(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    source = models.CharField(verbose_name=_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("domestic training cost")
        verbose_name_plural = _("domestic training costs")
        ordering = ["country", "occupation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "occupation", "year"], name=check_name("unique_year")),
            models.CheckConstraint(condition=Q(amount__gt=0), name=check_name("amount_positive")),
            models.CheckConstraint(condition=Q(year__gte=1950, year__lte=2100), name=check_name("year_range")),
        ]

    def __str__(self):
        return f"{self.occupation_id} in {self.country_id}, {self.year}: {self.amount} {self.currency}"
