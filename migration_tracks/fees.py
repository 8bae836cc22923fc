"""Fair recruitment: what workers paid to get their job against the agreement's cap (DESIGN §2, employer pays).

A placement's fee total is the sum of its fees, each converted to the partnership's reporting currency (the cap's
currency) at the rate on or before the day it was paid (`reference.rates`, the rule of `ExchangeRate.rate_on`),
rounded half-up to cents once. One definition of "over the cap", `with_fee_totals`, computed by the database so
lists, filters, dashboards and the placement report count alike:

- no fee: not over;
- a total above the cap: over;
- a cap of 0 (the default) and any fee: over, whatever its currency (any amount is above nothing);
- otherwise, a fee whose currency has no rate to the reporting currency: `None`, unknown, and the ledger names the
  missing pair, rather than a guess or an error.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from gsp.money import money_field, round_money
from reference.rates import chosen_rate, converted, rate_columns

from .models import Placement, RecruitmentFee

REPORTING = "placement__skill_need__partnership__reporting_currency"
FX = "fx"


def converted_fees(fees: QuerySet[RecruitmentFee], currency=REPORTING) -> QuerySet[RecruitmentFee]:
    """Fees annotated with `converted`: the amount in `currency` (a field path, by default the partnership's
    reporting currency, or a `Value`) at the rate on or before `paid_on`; NULL when that pair has no rate."""
    return fees.annotate(**rate_columns(FX, "currency", currency, "paid_on")).annotate(
        converted=converted("amount", "currency", currency, FX)
    )


def _per_placement(fees: QuerySet, aggregate, output) -> Subquery:
    return Coalesce(
        Subquery(fees.order_by().values("placement").annotate(value=aggregate).values("value")[:1]),
        Value(0),
        output_field=output,
    )


def with_fee_totals(queryset: QuerySet[Placement], on: dt.date | None = None) -> QuerySet[Placement]:
    """Placements annotated with their fee ledger's figures (fees paid on or before `on`, all when None):
    `fees_count`, `fees_unconverted` (fees without a rate), `fees_total` (the converted ones, in the partnership's
    reporting currency, to the cent), `fee_cap`, `fee_currency` and `over_fee_cap` (True, False, or None when a
    missing rate leaves it unknown). Three correlated subqueries: the same number of queries for any page."""
    fees = converted_fees(RecruitmentFee.objects.filter(placement=OuterRef("pk")))
    if on is not None:
        fees = fees.filter(paid_on__lte=on)
    return queryset.annotate(
        fees_count=_per_placement(fees, Count("pk"), IntegerField()),
        fees_unconverted=_per_placement(fees, Count("pk", filter=Q(converted__isnull=True)), IntegerField()),
        fees_total=Round(_per_placement(fees, Sum("converted"), money_field()), 2, output_field=money_field()),
        fee_cap=F("skill_need__partnership__recruitment_fee_cap"),
        fee_currency=F("skill_need__partnership__reporting_currency"),
    ).annotate(
        over_fee_cap=Case(
            When(fees_count=0, then=Value(False)),
            When(fees_total__gt=F("fee_cap"), then=Value(True)),
            When(fee_cap=0, then=Value(True)),
            When(fees_unconverted__gt=0, then=Value(None)),
            default=Value(False),
            output_field=BooleanField(null=True),
        )
    )


def _with_fees(queryset: QuerySet[Placement], on: dt.date | None) -> QuerySet[Placement]:
    """The placements of `queryset` with a fee paid by `on`: the only ones that can be over the cap or unchecked (no
    fee: not over). Selected first, by the fee table's index, so that the figures' correlated subqueries run for those
    alone, not for every placement a ministry sees (two dashboard queries at a million enrollments: ~300 ms)."""
    fees = RecruitmentFee.objects.filter(placement=OuterRef("pk"))
    if on is not None:
        fees = fees.filter(paid_on__lte=on)
    return queryset.filter(Exists(fees))


def placements_over_fee_cap(queryset: QuerySet[Placement], on: dt.date | None = None) -> QuerySet[Placement]:
    """The placements of `queryset` whose workers paid more than the agreement's cap (fees paid by `on`)."""
    return with_fee_totals(_with_fees(queryset, on), on).filter(over_fee_cap=True)


def placements_unchecked(queryset: QuerySet[Placement], on: dt.date | None = None) -> QuerySet[Placement]:
    """Placements whose fees cannot be compared with the cap: a fee's currency has no rate (over_fee_cap None)."""
    return with_fee_totals(_with_fees(queryset, on), on).filter(fees_count__gt=0, over_fee_cap__isnull=True)


def missing_pairs(placement_ids, on: dt.date | None = None) -> dict[int, list[str]]:
    """Placement id → the currency pairs ("NGN/GBP") its fees lack a rate for, in one query."""
    fees = converted_fees(RecruitmentFee.objects.filter(placement__in=placement_ids))
    if on is not None:
        fees = fees.filter(paid_on__lte=on)
    rows = (
        fees.filter(converted__isnull=True)
        .values_list("placement_id", "currency", REPORTING)
        .distinct()
        .order_by("placement_id", "currency")
    )
    found: dict[int, list[str]] = {}
    for placement_id, currency, reporting in rows:
        found.setdefault(placement_id, []).append(f"{currency}/{reporting}")
    return found


def fee_ledger(placement: Placement, fees: QuerySet[RecruitmentFee]) -> dict:
    """The ledger of one placement for its page and the API: each of `fees` (those the reader may see) with its
    rate and converted amount, and the placement's figures from `with_fee_totals` (all its fees)."""
    if not hasattr(placement, "over_fee_cap"):
        placement = with_fee_totals(Placement.objects.filter(pk=placement.pk)).get()
    rows = []
    for fee in converted_fees(fees.filter(placement=placement)).order_by("paid_on", "pk"):
        rate = chosen_rate(fee, FX) if fee.currency != placement.fee_currency else Decimal(1)
        rows.append(
            {
                "fee": fee,
                "rate": rate,
                "converted": None if rate is None else round_money(fee.amount * rate),
                "missing_pair": None if rate is not None else f"{fee.currency}/{placement.fee_currency}",
            }
        )
    return {
        "rows": rows,
        "currency": placement.fee_currency,
        "cap": placement.fee_cap,
        "total": placement.fees_total,
        "count": placement.fees_count,
        "unconverted": placement.fees_unconverted,
        "missing_pairs": missing_pairs([placement.pk]).get(placement.pk, []) if placement.fees_unconverted else [],
        "over_cap": placement.over_fee_cap,
    }
