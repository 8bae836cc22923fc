"""Seeding a partnership's cohorts: plan every applicant, size the skill needs to the placements planned
against them, then write each cohort's people (`writer.CohortWriter`)."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from identity.models import Organisation
from migration_tracks.choices import INACTIVE_PLACEMENT_STATUSES
from partnerships.choices import SkillNeedStatus, Track, WagePeriod
from partnerships.models import Partnership, SkillNeed
from training.models import Cohort

from .base import HistoryBatch, ensure
from .plans import Intake, Outcomes, PlacementPlan, plan_intake, stall_and_return
from .writer import CohortWriter


@dataclass(frozen=True)
class Need:
    """A skill need to seed; its positions are the placements made against it plus `spare` (0: every position is
    taken, so the need shows as filled once they have all started; whether it is filled is derived, never typed).

    A placement is matched only to a need whose `needed_by` date it fits: it starts (or, not started, was
    offered) on or before that date.
    """

    employer: Organisation
    occupation: str
    wage: str
    currency: str
    needed_by: dt.date | None
    status: str = SkillNeedStatus.OPEN
    language_level: str = ""
    spare: int = 3
    description: str = ""
    wage_period: str = WagePeriod.MONTH


def populate(p: Partnership, *, nationality: str, intakes: list[Intake], needs: list[Need], outcomes: Outcomes):
    """Seed the cohorts of `p`; returns the placements written (pilots attach fees to a few of them)."""
    plans = {intake.code: plan_intake(p.code, intake, outcomes, nationality) for intake in intakes}
    placements = [plan.placement for ps in plans.values() for plan in ps if plan.placement]
    stall_and_return(p.code, placements, outcomes)
    written_needs = _write_needs(p, needs, _assign(p, needs, placements))
    history = HistoryBatch()
    written = []
    for intake in intakes:
        fresh = not Cohort.objects.filter(partnership=p, code=intake.code).exists()
        cohort = ensure(
            Cohort,
            partnership=p,
            code=intake.code,
            defaults={
                "course": intake.course,
                "start_date": intake.start,
                "end_date": intake.end,
                "seats_home": intake.home,
                "seats_away": intake.away,
            },
        )
        writer = CohortWriter(
            cohort,
            plans[intake.code],
            nationality=nationality,
            outcomes=outcomes,
            needs=written_needs,
            fresh=fresh,
            history=history,
        )
        written += [placement for plan in plans[intake.code] if (placement := writer.write(plan))]
    history.flush()
    return written


def _track_of(p: Partnership, need: Need) -> str:
    return Track.AWAY if need.employer.country_id == p.destination_country_id else Track.HOME


def _assign(p: Partnership, needs: list[Need], placements: list[PlacementPlan]) -> Counter:
    """Match each placement to a need of its occupation and track that it fits (dated on or before the need's
    `needed_by`, or the need has none), in turn among the fitting needs due within six months of the earliest."""
    pools = defaultdict(list)
    for need in needs:
        if need.status != SkillNeedStatus.WITHDRAWN:
            pools[(need.occupation, _track_of(p, need))].append(need)
    turn, active = Counter(), Counter()
    for plan in placements:
        key = (plan.occupation, plan.track)
        fitting = sorted(
            (n for n in pools[key] if n.needed_by is None or plan.on <= n.needed_by),
            key=lambda n: n.needed_by or dt.date.max,
        )
        if not fitting:
            raise ValueError(f"{p.code}: no skill need for {plan.occupation} on the {plan.track} track by {plan.on}.")
        soon = [n for n in fitting if _due_soon(n, fitting[0])]
        plan.need = soon[turn[key] % len(soon)]
        turn[key] += 1
        active[plan.need] += plan.status not in INACTIVE_PLACEMENT_STATUSES
    return active


def _due_soon(need: Need, earliest: Need) -> bool:
    if earliest.needed_by is None:
        return need.needed_by is None
    return need.needed_by is not None and need.needed_by <= earliest.needed_by + dt.timedelta(days=180)


def _write_needs(p: Partnership, needs: list[Need], active: Counter) -> dict[Need, SkillNeed]:
    written = {}
    for need in needs:
        positions = active[need] + need.spare
        if positions < 1:
            raise ValueError(f"{p.code}: the need of {need.employer} without spare positions has no placement.")
        written[need] = ensure(
            SkillNeed,
            partnership=p,
            employer=need.employer,
            occupation_id=need.occupation,
            country_id=need.employer.country_id,
            needed_by=need.needed_by,
            defaults={
                "positions": positions,
                "language_level": need.language_level,
                "status": need.status,
                "wage_amount": Decimal(need.wage),
                "wage_currency": need.currency,
                "wage_period": need.wage_period,
                "description": need.description,
            },
        )
    return written
