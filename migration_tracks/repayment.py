"""Commitment and income-contingent repayment of a placement (DESIGN §2, CGD's example of Maria).

- The commitment ends `commitment_months` calendar months after the start (a day missing from the last month, such
  as 31 January + 1 month, falls on that month's last day); none for an offer not started or without commitment.
- The annual earnings needed to repay in full = amount ÷ (percent ÷ 100 × months ÷ 12): €15,000 at 10 % over 48
  months needs €37,500.00 a year.
- The schedule at the placement's wage: the monthly wage (a yearly wage ÷ 12), converted to the repayment currency
  at the rate on or before the start (today for an offer not started: then the schedule is "projected"); each month
  repays percent × that wage, never more than what remains; month k falls due k calendar months after the start.
  It ends when the amount is repaid or the months run out (then the shortfall is what remains).

Amounts are Decimal, half-up to cents (each month's repayment, since that is what is paid)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from gsp.dates import add_months
from gsp.money import round_money
from partnerships.choices import WagePeriod
from reference.models import ExchangeRate, MissingExchangeRate
from reference.rates import chosen_rate, rate_columns

from .models import Placement

WAGE_FX = "wage_fx"
ZERO = Decimal(0)


def commitment_ends_on(placement: Placement) -> dt.date | None:
    if not placement.started_on or not placement.commitment_months:
        return None
    return add_months(placement.started_on, placement.commitment_months)


def annual_earnings_needed(amount: Decimal, percent: Decimal, months: int) -> Decimal:
    """amount ÷ (percent ÷ 100 × months ÷ 12), to the cent."""
    return round_money(amount * 100 * 12 / (percent * months))


@dataclass
class RepaymentMonth:
    month: int
    due_on: dt.date
    repayment: Decimal
    cumulative: Decimal
    remaining: Decimal


@dataclass
class Repayment:
    """The projection of one placement's repayment terms (amounts in `currency`)."""

    amount: Decimal
    currency: str
    percent: Decimal
    months: int
    annual_earnings_needed: Decimal
    starts_on: dt.date
    projected: bool  # the placement has not started: dated from today
    monthly_wage: Decimal | None = None  # in the repayment currency
    wage_rate: Decimal | None = None  # wage currency → repayment currency
    missing_pair: str = ""  # the wage's currency pair without a rate: no schedule
    monthly_repayment: Decimal | None = None  # the first month's
    schedule: list[RepaymentMonth] = field(default_factory=list)
    repaid_in_full: bool | None = None
    shortfall: Decimal | None = None


def with_repayment_rates(queryset: QuerySet[Placement], today: dt.date | None = None) -> QuerySet[Placement]:
    """Placements annotated with the rate of their wage's currency to their repayment currency on or before their
    start (today for an offer): lists project every row's repayment with no query per row."""
    today = today or timezone.localdate()
    on = Coalesce(OuterRef("started_on"), Value(today))
    return queryset.annotate(**rate_columns(WAGE_FX, "wage_currency", "repayment_currency", on))


def _wage_rate(placement: Placement, on: dt.date) -> Decimal | None:
    if placement.wage_currency == placement.repayment_currency:
        return Decimal(1)
    if hasattr(placement, f"{WAGE_FX}_direct"):
        return chosen_rate(placement, WAGE_FX)
    try:
        return ExchangeRate.rate_on(placement.wage_currency, placement.repayment_currency, on)
    except MissingExchangeRate:
        return None


def has_repayment_terms(placement: Placement) -> bool:
    return bool(placement.repayment_amount and placement.repayment_percent and placement.repayment_months)


def repayment_projection(placement: Placement, today: dt.date | None = None) -> Repayment | None:
    """The projection of `placement`'s repayment terms; None when it has none."""
    if not has_repayment_terms(placement):
        return None
    amount, percent, months = placement.repayment_amount, placement.repayment_percent, placement.repayment_months
    starts_on = placement.started_on or today or timezone.localdate()
    projection = Repayment(
        amount=amount,
        currency=placement.repayment_currency,
        percent=percent,
        months=months,
        annual_earnings_needed=annual_earnings_needed(amount, percent, months),
        starts_on=starts_on,
        projected=placement.started_on is None,
    )
    if not placement.wage_amount:
        return projection
    rate = _wage_rate(placement, starts_on)
    if rate is None:
        projection.missing_pair = f"{placement.wage_currency}/{placement.repayment_currency}"
        return projection
    per_month = 12 if placement.wage_period == WagePeriod.YEAR else 1
    projection.wage_rate = rate
    projection.monthly_wage = round_money(placement.wage_amount * rate / per_month)
    _schedule(projection, placement.wage_amount * rate / per_month)
    return projection


def _schedule(projection: Repayment, monthly_wage: Decimal) -> None:
    """Fill the months: percent × the monthly wage each, never more than what remains."""
    due = round_money(monthly_wage * projection.percent / 100)
    remaining, paid = projection.amount, ZERO
    for month in range(1, projection.months + 1):
        if remaining <= 0 or due <= 0:
            break
        repayment = min(due, remaining)
        paid += repayment
        remaining -= repayment
        projection.schedule.append(
            RepaymentMonth(month, add_months(projection.starts_on, month), repayment, paid, remaining)
        )
    projection.monthly_repayment = projection.schedule[0].repayment if projection.schedule else ZERO
    projection.repaid_in_full = remaining <= 0
    projection.shortfall = max(remaining, ZERO)
