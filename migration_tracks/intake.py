"""Intake planning (DESIGN §3, last paragraph): how many seats per track the partnership's next cohort of an
occupation needs to fill the positions its employers still ask for.

Per occupation of the partnership's open skill needs and per track (an employer in the destination is filled by
the away track, one in the origin by the home track):

- open positions = Σ over its open skill needs of (positions − positions taken), never below 0 per need
  (`skill_needs_with_positions`: active placements hold a position);
- the observed rates of that occupation's past cohorts in the partnership (cohorts that ended on or before today,
  whose course teaches the occupation or a narrower ISCO-08 group under it), on that track: completion rate =
  completed ÷ enrolled, placement rate = placed ÷ completed ("placed": `placed_enrollments_q`);
- a rate with no history (no enrollment, nothing completed, or a rate of zero) takes its default,
  `settings.GSP_INTAKE_DEFAULT_COMPLETION_RATE` (0.8) or `GSP_INTAKE_DEFAULT_PLACEMENT_RATE` (0.7);
- recommended seats = open positions ÷ (completion rate × placement rate), rounded up (exact fractions, so 10
  positions at 0.5 × 0.8 give 25 seats, not 26).

Two grouped queries whatever the size: the open needs with their positions taken, and the past enrollments per
course occupation and track."""

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from gsp.money import round_ratio
from partnerships.choices import SkillNeedStatus, Track
from partnerships.models import Partnership, SkillNeed
from training.choices import EnrollmentStatus
from training.models import Enrollment

from .selectors import placed_enrollments_q, skill_needs_with_positions

OBSERVED, DEFAULT, PARTLY = "observed", "default", "partly_default"


def default_rates() -> tuple[Fraction, Fraction]:
    return (
        Fraction(str(settings.GSP_INTAKE_DEFAULT_COMPLETION_RATE)),
        Fraction(str(settings.GSP_INTAKE_DEFAULT_PLACEMENT_RATE)),
    )


def open_positions(partnership: Partnership) -> dict[tuple[str, str], dict]:
    """(occupation, track) → {"title", "open_positions"} over the partnership's open skill needs."""
    needs = skill_needs_with_positions(
        SkillNeed.objects.filter(partnership=partnership, status=SkillNeedStatus.OPEN)
    ).values("occupation_id", "occupation__title", "country_id", "positions", "positions_taken")
    found: dict[tuple[str, str], dict] = {}
    for need in needs:
        track = Track.AWAY if need["country_id"] == partnership.destination_country_id else Track.HOME
        row = found.setdefault((need["occupation_id"], track.value), {"title": need["occupation__title"], "open": 0})
        row["open"] += max(need["positions"] - need["positions_taken"], 0)
    return found


def past_outcomes(partnership: Partnership, today: dt.date) -> dict[tuple[str, str], dict]:
    """(course occupation, track) → enrolled, completed and placed of the partnership's cohorts ended by `today`."""
    rows = (
        Enrollment.objects.filter(cohort__partnership=partnership, cohort__end_date__lte=today, enrolled_on__lte=today)
        .order_by()
        .values("cohort__course__occupation_id", "track")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED, completed_on__lte=today)),
            placed=Count("pk", filter=Q(placed_enrollments_q(today))),
        )
    )
    return {(r["cohort__course__occupation_id"], r["track"]): r for r in rows}


def _history(outcomes: dict, occupation: str, track: str) -> dict:
    """The outcomes of the occupation and the narrower groups under it, on the track."""
    total = {"enrolled": 0, "completed": 0, "placed": 0}
    for (code, on_track), row in outcomes.items():
        if on_track == track and code.startswith(occupation):
            for name in total:
                total[name] += row[name]
    return total


def _rate(numerator: int, denominator: int) -> Fraction | None:
    """An observed rate, or None where there is no history (nothing to divide by, or nothing happened)."""
    return Fraction(numerator, denominator) if denominator and numerator else None


def plan_row(occupation: str, title: str, track: str, open_count: int, history: dict) -> dict:
    completion = _rate(history["completed"], history["enrolled"])
    placement = _rate(history["placed"], history["completed"])
    default_completion, default_placement = default_rates()
    used_completion = completion if completion is not None else default_completion
    used_placement = placement if placement is not None else default_placement
    observed = (completion is not None) + (placement is not None)
    return {
        "occupation": occupation,
        "occupation_title": title,
        "track": track,
        "open_positions": open_count,
        "enrolled": history["enrolled"],
        "completed": history["completed"],
        "placed": history["placed"],
        "completion_rate": _ratio(completion),
        "placement_rate": _ratio(placement),
        "completion_rate_used": _ratio(used_completion),
        "placement_rate_used": _ratio(used_placement),
        "rates_source": {2: OBSERVED, 1: PARTLY, 0: DEFAULT}[observed],
        "recommended_seats": math.ceil(open_count / (used_completion * used_placement)),
    }


def _ratio(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return f"{round_ratio(Decimal(value.numerator) / Decimal(value.denominator)):f}"


def intake_plan(partnership: Partnership, today: dt.date | None = None) -> dict:
    """The recommended seats per occupation × track for the partnership's next cohort, with the rates used."""
    today = today or timezone.localdate()
    positions = open_positions(partnership)
    outcomes = past_outcomes(partnership, today)
    rows = [
        plan_row(occupation, row["title"], track, row["open"], _history(outcomes, occupation, track))
        for (occupation, track), row in sorted(positions.items())
    ]
    default_completion, default_placement = default_rates()
    return {
        "partnership": partnership.pk,
        "as_of": today,
        "default_completion_rate": _ratio(default_completion),
        "default_placement_rate": _ratio(default_placement),
        "rows": rows,
    }


def totals_by_track(rows: list[dict]) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for row in rows:
        found[row["track"]] += row["recommended_seats"]
    return dict(found)
