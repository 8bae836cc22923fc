"""What happens to each applicant of a demo cohort, decided in memory before anything is written.

Planning first lets skill needs be sized to the placements made against them (a need never holds more
active placements than positions), and keeps every draw on a `random.Random` seeded with the cohort's
code, so each run plans the same people, outcomes and dates.
"""

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from migration_tracks.choices import MigrationStage, PlacementStatus
from partnerships.choices import Track
from training.choices import ApplicationStatus, EnrollmentStatus

from .base import AS_OF
from .people import Person, person

M, P = MigrationStage, PlacementStatus
DAY = dt.timedelta(days=1)
# Days from the job offer to each stage of an away-track journey; work starts three days after arrival.
JOURNEY = {
    M.JOB_OFFER: 0,
    M.VISA_APPLIED: 21,
    M.VISA_GRANTED: 63,
    M.VISA_REFUSED: 63,
    M.PRE_DEPARTURE: 77,
    M.DEPARTED: 98,
    M.ARRIVED: 99,
}
START_AFTER_OFFER = 102
ACCEPT_AFTER_OFFER = 10
WAITING = (M.VISA_APPLIED, M.VISA_GRANTED, M.PRE_DEPARTURE, M.DEPARTED)


@dataclass(frozen=True)
class Intake:
    """A cohort to seed: course, dates, seats per track (all filled unless the cohort is in the future)."""

    code: str
    course: object
    start: dt.date
    end: dt.date
    home: int
    away: int
    women: int
    applicants: int = 0
    drop_rate: float = 0.08
    cert_rate: float = 0.9
    levels: tuple[str, ...] = ()

    @property
    def phase(self) -> str:
        if self.start > AS_OF:
            return "future"
        return "running" if self.end > AS_OF else "finished"


@dataclass(frozen=True)
class Outcomes:
    """How work and migration turn out for a partnership's completers."""

    home_wage: tuple[str, str]
    place_home: float = 0.75
    place_away: float = 0.9
    decline: float = 0.06
    end_rate: float = 0.15
    recognition_days: int | None = 120
    offer_after_days: int = 7
    old_stages: Mapping[str, int] = field(default_factory=lambda: {M.RECOGNISED: 8, M.ARRIVED: 1, M.VISA_REFUSED: 1})
    commitment_months: int | None = None
    repayment: tuple[str, int] | None = None
    follow_up_rate: float = 0.85
    return_rate: float = 0.4


@dataclass
class PlacementPlan:
    """An offer and what became of it; `stages` is the away-track journey, `need` is assigned afterwards."""

    track: str
    occupation: str
    offered_on: dt.date
    status: str
    accepted_on: dt.date | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    wage_percent: int = 100
    stages: list[tuple[str, dt.date]] = field(default_factory=list)
    need: object = None


@dataclass
class Plan:
    """One applicant: the application and, if selected, the enrollment and what follows it."""

    serial: str
    person: Person
    application: dict
    track: str | None = None
    enrollment: dict = field(default_factory=dict)
    placement: PlacementPlan | None = None


def plan_intake(prefix: str, intake: Intake, outcomes: Outcomes, nationality: str) -> list[Plan]:
    """Every applicant of `intake`: the first fill the seats (a drawn sample of them women, another on the away
    track) unless the cohort is in the future; the others only apply."""
    rng = random.Random(f"{prefix}/{intake.code}")
    seats = intake.home + intake.away
    enrolled = 0 if intake.phase == "future" else seats
    women = set(rng.sample(range(enrolled), intake.women)) if enrolled else set()
    away = set(rng.sample(range(enrolled), intake.away)) if enrolled else set()
    share = intake.women / seats
    plans, journeys = [], 0
    for i in range(enrolled + intake.applicants):
        woman = i in women if i < enrolled else rng.random() < share
        serial = f"{prefix}{intake.code}{i:04d}".replace("-", "")
        who = person(rng, nationality=nationality, woman=woman, born_before=intake.start, serial=serial)
        if i >= enrolled:
            plans.append(Plan(serial, who, _application(rng, intake, seats)))
            continue
        track = Track.AWAY if i in away else Track.HOME
        plan = Plan(serial, who, _selected(rng, intake, track), track, _enrollment(rng, intake))
        if plan.enrollment["status"] == EnrollmentStatus.COMPLETED:
            plan.placement = _placement(rng, intake, outcomes, plan, journeys)
            journeys += plan.placement is not None and track == Track.AWAY
        plans.append(plan)
    return plans


def _selected(rng: random.Random, intake: Intake, track: str) -> dict:
    applied = intake.start - rng.randint(60, 150) * DAY
    return {
        "status": ApplicationStatus.SELECTED,
        "applied_on": applied,
        "preferred_track": track,
        "decided_on": intake.start - rng.randint(20, 45) * DAY,
    }


def _application(rng: random.Random, intake: Intake, seats: int) -> dict:
    """An applicant not (or not yet) enrolled: rejected or on the reserve list, or still in the funnel."""
    preferred = rng.choices([Track.HOME, Track.AWAY, ""], weights=[intake.home, intake.away, seats / 10])[0]
    if intake.phase != "future":
        applied = intake.start - rng.randint(60, 150) * DAY
        status = ApplicationStatus.SHORTLISTED if rng.random() < 0.15 else ApplicationStatus.REJECTED
        return {
            "status": status,
            "applied_on": applied,
            "preferred_track": preferred,
            "decided_on": intake.start - rng.randint(20, 45) * DAY,
        }
    applied = AS_OF - rng.randint(1, 90) * DAY
    status = rng.choices(list(ApplicationStatus), weights=[50, 25, 10, 15])[0]
    decided = None if status == ApplicationStatus.APPLIED else applied + rng.randint(0, (AS_OF - applied).days) * DAY
    return {"status": status, "applied_on": applied, "preferred_track": preferred, "decided_on": decided}


def _enrollment(rng: random.Random, intake: Intake) -> dict:
    enrolled_on = intake.start - rng.randint(0, 10) * DAY
    fields = {"enrolled_on": enrolled_on, "status": EnrollmentStatus.ENROLLED}
    last_day = min(intake.end, AS_OF)
    span = (last_day - intake.start).days
    drop = intake.drop_rate if intake.phase == "finished" else intake.drop_rate / 2
    if span > 28 and rng.random() < drop:
        return fields | {
            "status": EnrollmentStatus.DROPPED_OUT,
            "dropped_on": intake.start + rng.randint(14, span) * DAY,
        }
    if intake.phase == "running":
        return fields
    fields |= {"status": EnrollmentStatus.COMPLETED, "completed_on": intake.end}
    certified_on = intake.end + rng.randint(7, 40) * DAY
    if rng.random() < intake.cert_rate and certified_on <= AS_OF:
        fields |= {"certified": True, "certified_on": certified_on}
    if intake.levels:
        fields["language_level"] = rng.choice(intake.levels)
    return fields


def _placement(rng, intake: Intake, outcomes: Outcomes, plan: Plan, journeys: int) -> PlacementPlan | None:
    occupation = intake.course.occupation_id
    completed = plan.enrollment["completed_on"]
    if plan.track == Track.HOME:
        return _home(rng, outcomes, occupation, completed) if rng.random() < outcomes.place_home else None
    if not plan.enrollment.get("certified") or rng.random() >= outcomes.place_away:
        return None
    return _away(rng, outcomes, occupation, completed, journeys)


def _home(rng, outcomes: Outcomes, occupation: str, completed: dt.date) -> PlacementPlan | None:
    offered = completed + rng.randint(7, 75) * DAY
    if offered > AS_OF:
        return None
    plan = PlacementPlan(Track.HOME, occupation, offered, P.OFFERED, wage_percent=rng.randint(95, 108))
    if rng.random() < outcomes.decline:
        plan.status = P.DECLINED
        return plan
    accepted = offered + rng.randint(3, 10) * DAY
    started = accepted + rng.randint(10, 30) * DAY
    if accepted <= AS_OF:
        plan.status, plan.accepted_on = P.ACCEPTED, accepted
    if started <= AS_OF:
        plan.status, plan.started_on = P.STARTED, started
        _maybe_end(rng, outcomes, plan)
    return plan


def _maybe_end(rng, outcomes: Outcomes, plan: PlacementPlan) -> None:
    ended = plan.started_on + rng.randint(150, 720) * DAY
    if rng.random() < outcomes.end_rate and ended <= AS_OF:
        plan.status, plan.ended_on = P.ENDED, ended


def _stages(outcomes: Outcomes) -> dict[str, int]:
    stages = dict(JOURNEY)
    if outcomes.recognition_days is not None:
        stages[M.RECOGNISED] = START_AFTER_OFFER + outcomes.recognition_days
    return stages


def _reach(stage: str, days: int) -> int:
    """Days after the offer by which a case at `stage` is complete (an arrived worker has started work)."""
    return max(days, START_AFTER_OFFER) if stage in (M.ARRIVED, M.RECOGNISED) else days


def _away(rng, outcomes: Outcomes, occupation: str, completed: dt.date, journeys: int) -> PlacementPlan | None:
    """An away-track offer and the journey it starts. Recent cohorts are spread over every stage reachable
    by `AS_OF`; older ones have mostly arrived (or been refused a visa)."""
    earliest = completed + outcomes.offer_after_days * DAY
    available = (AS_OF - earliest).days
    if available < 0:
        return None
    stages = _stages(outcomes)
    if rng.random() < outcomes.decline:
        return PlacementPlan(Track.AWAY, occupation, earliest + rng.randint(0, min(30, available)) * DAY, P.DECLINED)
    if available >= max(stages.values()) + 60:
        weights = {s: w for s, w in outcomes.old_stages.items() if s in stages}
        target = rng.choices(list(weights), weights=list(weights.values()))[0]
    else:
        reachable = [s for s, days in stages.items() if _reach(s, days) <= available and s != M.VISA_REFUSED]
        # One refusal per recent cohort (its fourth journey); the others spread over the stages reached.
        refusal = journeys == 3 and stages[M.VISA_REFUSED] <= available
        target = M.VISA_REFUSED if refusal else reachable[journeys % len(reachable)]
    offered = earliest + rng.randint(0, min(30, available - _reach(target, stages[target]))) * DAY
    plan = PlacementPlan(Track.AWAY, occupation, offered, P.OFFERED, wage_percent=rng.randint(97, 106))
    plan.stages = [
        (s, offered + days * DAY)
        for s, days in stages.items()
        if days <= stages[target] and s != (M.VISA_GRANTED if target == M.VISA_REFUSED else M.VISA_REFUSED)
    ]
    if target != M.JOB_OFFER:
        plan.status, plan.accepted_on = P.ACCEPTED, offered + ACCEPT_AFTER_OFFER * DAY
    if target == M.VISA_REFUSED:
        plan.status = P.WITHDRAWN
    elif target not in (M.JOB_OFFER, *WAITING):
        plan.status, plan.started_on = P.STARTED, offered + START_AFTER_OFFER * DAY
        _maybe_end(rng, outcomes, plan)
    return plan
