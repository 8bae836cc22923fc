"""Money around the pilots: exchange rates to each reporting currency, actual spending, recruitment fees."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from identity.models import Organisation
from migration_tracks.models import Placement, RecruitmentFee
from partnerships.models import Partnership
from training.models import Cohort, Expenditure

from .base import ensure, exchange_rates

# 1 unit of the origin currency in the reporting currency, on 1 January of each year (approximate).
RATES = {
    ("FJD", "AUD"): ("0.63", "0.67", "0.66", "0.62", "0.65", "0.67", "0.66", "0.70", "0.67"),
    ("PGK", "AUD"): ("0.39", "0.42", "0.42", "0.38", "0.39", "0.42", "0.41", "0.40", "0.38"),
    ("TND", "EUR"): ("0.335", "0.295", "0.31", "0.305", "0.30", "0.30", "0.295", "0.30", "0.295"),
    ("MAD", "EUR"): ("0.091", "0.0915", "0.093", "0.092", "0.095", "0.090", "0.092", "0.095", "0.094"),
    ("NGN", "GBP"): ("0.00212", "0.00216", "0.00207", "0.00177", "0.00178", "0.00180", "0.00087", "0.00052", "0.00050"),
}
FIRST_YEAR = 2018


def seed_rates() -> None:
    for (base, quote), rates in RATES.items():
        exchange_rates(base, quote, {FIRST_YEAR + i: rate for i, rate in enumerate(rates)})


def spending(
    p: Partnership, cohort: Cohort, lines: Iterable[tuple[str, str, Organisation | None, int]], *, paid_on: dt.date
) -> None:
    """Actual payments for a cohort: (category, payer role, payer, percent of plan) per line.

    The plan is the course's cost line for the category times the cohort's enrollments (dropouts incur
    training costs too), so the planned-versus-actual comparison shows a few percent over or under.
    """
    enrolled = cohort.enrollments.count() or 1
    for category, payer_role, payer, percent in lines:
        line = cohort.course.costs.filter(category=category).order_by("applies_to").first()
        amount = (line.amount * enrolled * percent / 100).quantize(Decimal("0.01"))
        ensure(
            Expenditure,
            partnership=p,
            reference=f"{cohort.code}-{category}".upper(),
            defaults={
                "cohort": cohort,
                "category": category,
                "amount": amount,
                "currency": line.currency,
                "spent_on": paid_on,
                "payer_role": payer_role,
                "payer_organisation": payer,
            },
        )


def fee(placements: list[Placement], *, track: str, nth: int, amount: str, currency: str, payee: str, days: int):
    """A recruitment fee the worker of the `nth` started placement on `track` paid, `days` after the offer."""
    started = sorted(
        (pl for pl in placements if pl.enrollment.track == track and pl.started_on),
        key=lambda pl: (pl.offered_on, pl.pk),
    )
    placement = started[nth]
    return ensure(
        RecruitmentFee,
        placement=placement,
        payee=payee,
        defaults={
            "amount": Decimal(amount),
            "currency": currency,
            "paid_on": placement.offered_on + dt.timedelta(days),
        },
    )
