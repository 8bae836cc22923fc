"""Money around the pilots: exchange rates to each reporting currency, actual spending, recruitment fees."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from identity.models import Organisation
from migration_tracks.models import Placement, RecruitmentFee
from partnerships.models import Partnership
from training.models import Cohort, Course, CourseCost, Expenditure

from .base import ensure, exchange_rates

D = dt.date
# 1 unit of each currency the pilots pay in, in the reporting currency of the partnerships paying in it, from
# each date on (approximate mid-market rates). Every conversion a report makes — a course cost at its cohort's
# start, a wage or domestic cost at its placement's start, a management cost or expenditure on its day — finds a
# rate on or before its date: every pair starts on 1 January 2018, before anything the demo dates.
ANNUAL = {
    ("FJD", "AUD"): ("0.63", "0.67", "0.66", "0.62", "0.65", "0.67", "0.66", "0.70", "0.67"),
    ("PGK", "AUD"): ("0.39", "0.42", "0.42", "0.38", "0.39", "0.42", "0.41", "0.40", "0.38"),
    ("TND", "EUR"): ("0.335", "0.295", "0.31", "0.305", "0.30", "0.30", "0.295", "0.30", "0.295"),
    # Four decimals: a whole number of hundreds of dirhams converts to whole cents (PALIM's budget is exact).
    ("MAD", "EUR"): ("0.0905", "0.0915", "0.0930", "0.0925", "0.0935", "0.0890", "0.0915", "0.0925", "0.0940"),
}
FIRST_YEAR = 2018
# The naira fell by three quarters between 2023 and 2025 (the June 2023 unification, then the 2024 slide):
# twice a year, so a cohort's start and a placement's start each see the rate of their half-year.
NGN_GBP = {
    D(2018, 1, 1): "0.00205",
    D(2018, 7, 1): "0.00210",
    D(2019, 1, 1): "0.00216",
    D(2019, 7, 1): "0.00219",
    D(2020, 1, 1): "0.00207",
    D(2020, 7, 1): "0.00202",
    D(2021, 1, 1): "0.00177",
    D(2021, 7, 1): "0.00175",
    D(2022, 1, 1): "0.00178",
    D(2022, 7, 1): "0.00197",
    D(2023, 1, 1): "0.00180",
    D(2023, 7, 1): "0.00102",
    D(2024, 1, 1): "0.00087",
    D(2024, 7, 1): "0.00049",
    D(2025, 1, 1): "0.00052",
    D(2025, 7, 1): "0.00048",
    D(2026, 1, 1): "0.00050",
    D(2026, 7, 1): "0.00051",
}


def seed_rates() -> None:
    for (base, quote), rates in ANNUAL.items():
        exchange_rates(base, quote, {D(FIRST_YEAR + i, 1, 1): rate for i, rate in enumerate(rates)})
    exchange_rates("NGN", "GBP", NGN_GBP)


def lines_in_force(course: Course, on: dt.date) -> list[CourseCost]:
    """The course's cost lines a cohort starting `on` is costed with: per category, the latest list on or before."""
    lines = list(course.costs.filter(valid_from__lte=on))
    latest = {}
    for line in lines:
        latest[line.category] = max(latest.get(line.category, line.valid_from), line.valid_from)
    return [line for line in lines if line.valid_from == latest[line.category]]


def spending(
    p: Partnership, cohort: Cohort, lines: Iterable[tuple[str, str, Organisation | None, int]], *, paid_on: dt.date
) -> None:
    """Actual payments for a cohort: (category, payer role, payer, percent of plan) per line.

    The plan is the course's cost line for the category times the cohort's enrollments (dropouts incur
    training costs too), so the planned-versus-actual comparison shows a few percent over or under.
    """
    enrolled = cohort.enrollments.count() or 1
    in_force = lines_in_force(cohort.course, cohort.start_date)
    for category, payer_role, payer, percent in lines:
        (line,) = [line for line in in_force if line.category == category]  # one line for both tracks
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
