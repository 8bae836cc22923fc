"""Exchange rates in SQL: the rule of `ExchangeRate.rate_on` (the latest rate dated on or before a day, or 1 ÷ the
inverse pair when only it is recorded or it is more recent) as query expressions, so a list converts every row's
amount in the same query instead of one lookup per row.

`rate_columns` annotates the latest direct and inverse rates with their dates; `chosen_rate` applies
`ExchangeRate.choose` to them in Python (exact Decimal); `converted` is its SQL twin for sums computed by the
database. A pair with no rate gives NULL, never an error: the caller says which pair is missing.
"""

from decimal import Decimal

from django.db.models import Case, DecimalField, Expression, F, OuterRef, Subquery, Value, When
from django.db.models.lookups import Exact, GreaterThanOrEqual, IsNull

from .models import ExchangeRate

CONVERTED = DecimalField(max_digits=30, decimal_places=10)


def _latest(base: Expression, quote: Expression, on: Expression, column: str) -> Subquery:
    rates = ExchangeRate.objects.filter(base_currency=base, quote_currency=quote, date__lte=on).order_by("-date")
    return Subquery(rates.values(column)[:1])


def _outer(value: str | Expression) -> Expression:
    return value if isinstance(value, Expression) else OuterRef(value)


def rate_columns(prefix: str, base: str | Expression, quote: str | Expression, on: str | Expression) -> dict:
    """Annotations `<prefix>_direct`, `<prefix>_direct_on`, `<prefix>_inverse`, `<prefix>_inverse_on`: the latest
    rate of base→quote and of quote→base dated on or before `on`. Each argument names a field of the annotated
    rows, or is an expression over them (`OuterRef`s, a `Value` for a fixed currency or day)."""
    base_ref, quote_ref, on_ref = _outer(base), _outer(quote), _outer(on)
    return {
        f"{prefix}_direct": _latest(base_ref, quote_ref, on_ref, "rate"),
        f"{prefix}_direct_on": _latest(base_ref, quote_ref, on_ref, "date"),
        f"{prefix}_inverse": _latest(quote_ref, base_ref, on_ref, "rate"),
        f"{prefix}_inverse_on": _latest(quote_ref, base_ref, on_ref, "date"),
    }


def chosen_rate(row, prefix: str) -> Decimal | None:
    """The rate `rate_columns` found for `row`, by `ExchangeRate.choose`; None when the pair has no rate."""
    direct, inverse = getattr(row, f"{prefix}_direct"), getattr(row, f"{prefix}_inverse")
    return ExchangeRate.choose(
        None if direct is None else (Decimal(direct), getattr(row, f"{prefix}_direct_on")),
        None if inverse is None else (Decimal(inverse), getattr(row, f"{prefix}_inverse_on")),
    )


def converted(amount: str, currency: str, target: str | Expression, prefix: str) -> Case:
    """`amount` (in the row's `currency`) in `target`, by the rates `rate_columns(prefix, …)` annotated: the amount
    itself in the same currency, NULL when the pair has no rate. The SQL twin of `ExchangeRate.choose`."""
    target = target if isinstance(target, Expression) else F(target)
    direct, direct_on = F(f"{prefix}_direct"), F(f"{prefix}_direct_on")
    inverse, inverse_on = F(f"{prefix}_inverse"), F(f"{prefix}_inverse_on")
    return Case(
        When(Exact(F(currency), target), then=F(amount)),
        When(
            IsNull(direct, False) & (IsNull(inverse_on, True) | GreaterThanOrEqual(direct_on, inverse_on)),
            then=F(amount) * direct,
        ),
        When(IsNull(inverse, False), then=F(amount) / inverse),
        default=Value(None),
        output_field=CONVERTED,
    )
