"""What happens to each applicant of a demo cohort, decided in memory before anything is written.

Planning first lets skill needs be sized to the placements made against them (a need never holds more
active placements than positions), and keeps every draw on a `random.Random` seeded with the cohort's
code, so each run plans the same people, outcomes and dates.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from migration_tracks.choices import MigrationStage, PlacementStatus
from partnerships.choices import Track
from training.choices import ApplicationStatus, EnrollmentStatus

from .base import AS_OF
from .people import Person, person

M, P = MigrationStage, PlacementStatus
DAY = dt.timedelta(days=1)
ACCEPT_AFTER_OFFER = 10
# Work starts three days after arrival.
START_AFTER_ARRIVAL = 3
# Before arrival, a journey whose last stage is older than this is stalled (DESIGN §2: stages move forward).
STALLED_AFTER_DAYS = 120
BEFORE_ARRIVAL = (M.JOB_OFFER, M.VISA_APPLIED, M.VISA_GRANTED, M.PRE_DEPARTURE, M.DEPARTED)


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
    refusal: float = 0.05
    recognition_days: int | None = 120
    offer_after_days: int = 7
    offer_spread_days: int = 30
    # Journeys that stall on purpose (one per stage listed, in an old cohort): most move on as their dates come.
    stalls: tuple[str, ...] = ()
    # Away-track workers who come back to the origin after their placement ended (the `returned` stage).
    returns: int = 0
    commitment_months: int | None = None
    # Income-contingent repayment of the trainee's share: (percent of earnings, months, amount, currency).
    repayment: tuple[str, int, str, str] | None = None
    follow_up_rate: float = 0.85


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
    declined_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    expected_start: dt.date | None = None
    wage_percent: int = 100
    stages: list[tuple[str, dt.date]] = field(default_factory=list)
    need: object = None

    @property
    def returned_on(self) -> dt.date | None:
        return dict(self.stages).get(M.RETURNED)

    @property
    def on(self) -> dt.date:
        """The day the placement is dated by when matched to a skill need: its start (expected, if it has not
        started yet), or its offer."""
        return self.started_on or self.expected_start or self.offered_on

    def stall_at(self, stage: str) -> None:
        """The journey stops at `stage` (reached, and long past): accepted, never started."""
        self.stages = self.stages[: [s for s, _ in self.stages].index(stage) + 1]
        self.status, self.started_on, self.ended_on, self.expected_start = P.ACCEPTED, None, None, None

    def come_back(self, rng: random.Random) -> bool:
        """The worker goes back to the origin after the placement ends (ending it if it had not), if both fit
        before `AS_OF`; returns whether it did."""
        if self.status == P.STARTED:
            ended = self.started_on + rng.randint(240, 420) * DAY
            if ended > AS_OF - 60 * DAY:
                return False
            self.status, self.ended_on = P.ENDED, ended
        returned = self.ended_on + rng.randint(7, 30) * DAY
        if self.status != P.ENDED or returned > AS_OF:
            return False
        self.stages.append((M.RETURNED, returned))
        return True


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
    plans = []
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
            plan.placement = _placement(rng, intake, outcomes, plan)
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


def _placement(rng, intake: Intake, outcomes: Outcomes, plan: Plan) -> PlacementPlan | None:
    occupation = intake.course.occupation_id
    completed = plan.enrollment["completed_on"]
    if plan.track == Track.HOME:
        return _home(rng, outcomes, occupation, completed) if rng.random() < outcomes.place_home else None
    if not plan.enrollment.get("certified") or rng.random() >= outcomes.place_away:
        return None
    return _away(rng, outcomes, occupation, completed)


def _home(rng, outcomes: Outcomes, occupation: str, completed: dt.date) -> PlacementPlan | None:
    offered = completed + rng.randint(7, 75) * DAY
    if offered > AS_OF:
        return None
    plan = PlacementPlan(Track.HOME, occupation, offered, P.OFFERED, wage_percent=rng.randint(95, 108))
    if rng.random() < outcomes.decline:
        _decline(rng, plan)
        return plan
    accepted = offered + rng.randint(3, 10) * DAY
    started = plan.expected_start = accepted + rng.randint(10, 30) * DAY
    if accepted <= AS_OF:
        plan.status, plan.accepted_on = P.ACCEPTED, accepted
    if started <= AS_OF:
        plan.status, plan.started_on = P.STARTED, started
        _maybe_end(rng, outcomes, plan)
    return plan


def _decline(rng, plan: PlacementPlan) -> None:
    declined = plan.offered_on + rng.randint(3, 14) * DAY
    if declined <= AS_OF:
        plan.status, plan.declined_on = P.DECLINED, declined


def _maybe_end(rng, outcomes: Outcomes, plan: PlacementPlan) -> None:
    ended = plan.started_on + rng.randint(150, 720) * DAY
    if rng.random() < outcomes.end_rate and ended <= AS_OF:
        plan.status, plan.ended_on = P.ENDED, ended


def _journey(rng, outcomes: Outcomes, offered: dt.date, refused: bool) -> list[tuple[str, dt.date]]:
    """Every stage of an away-track journey with the day it happens (some after `AS_OF`): weeks to apply for
    the visa, one to two months for the decision, then orientation, departure and arrival."""
    applied = offered + rng.randint(14, 35) * DAY
    decided = applied + rng.randint(30, 60) * DAY
    if refused:
        return [(M.JOB_OFFER, offered), (M.VISA_APPLIED, applied), (M.VISA_REFUSED, decided)]
    oriented = decided + rng.randint(7, 21) * DAY
    departed = oriented + rng.randint(10, 28) * DAY
    stages = [
        (M.JOB_OFFER, offered),
        (M.VISA_APPLIED, applied),
        (M.VISA_GRANTED, decided),
        (M.PRE_DEPARTURE, oriented),
        (M.DEPARTED, departed),
        (M.ARRIVED, departed + DAY),
    ]
    if outcomes.recognition_days is not None:
        start = departed + (1 + START_AFTER_ARRIVAL) * DAY
        stages.append((M.RECOGNISED, start + (outcomes.recognition_days + rng.randint(-20, 40)) * DAY))
    return stages


def _away(rng, outcomes: Outcomes, occupation: str, completed: dt.date) -> PlacementPlan | None:
    """An away-track offer and the journey it starts, at the stage its dates have reached by `AS_OF`: old
    journeys are over (arrived, recognised or refused), recent ones are on their way. A refused visa ends the
    case and withdraws the offer; work starts three days after arrival."""
    offered = completed + (outcomes.offer_after_days + rng.randint(0, outcomes.offer_spread_days)) * DAY
    if offered > AS_OF:
        return None
    plan = PlacementPlan(Track.AWAY, occupation, offered, P.OFFERED, wage_percent=rng.randint(97, 106))
    if rng.random() < outcomes.decline:
        _decline(rng, plan)
        return plan
    refused = rng.random() < outcomes.refusal
    journey = _journey(rng, outcomes, offered, refused)
    plan.stages = [(stage, on) for stage, on in journey if on <= AS_OF]
    if not refused:
        plan.expected_start = dict(journey)[M.ARRIVED] + START_AFTER_ARRIVAL * DAY
    accepted = offered + ACCEPT_AFTER_OFFER * DAY
    if accepted <= AS_OF:
        plan.status, plan.accepted_on = P.ACCEPTED, accepted
    reached = dict(plan.stages)
    if M.VISA_REFUSED in reached:
        plan.status, plan.withdrawn_on = P.WITHDRAWN, reached[M.VISA_REFUSED]
    elif M.ARRIVED in reached and reached[M.ARRIVED] + START_AFTER_ARRIVAL * DAY <= AS_OF:
        plan.status, plan.started_on = P.STARTED, reached[M.ARRIVED] + START_AFTER_ARRIVAL * DAY
        _maybe_end(rng, outcomes, plan)
    return plan


def stall_and_return(prefix: str, plans: list[PlacementPlan], outcomes: Outcomes) -> None:
    """The few journeys that do not move on: one stalled at each stage of `outcomes.stalls` (the oldest journeys
    past that stage, so each has been stuck for over a year), and `outcomes.returns` workers back home."""
    rng = random.Random(f"{prefix}/stalls")
    old = sorted(
        (pl for pl in plans if pl.track == Track.AWAY and pl.stages and pl.offered_on <= AS_OF - 400 * DAY),
        key=lambda pl: (pl.offered_on, pl.stages[-1][1]),
    )
    for stage in outcomes.stalls:
        candidates = [pl for pl in old if stage in dict(pl.stages) and M.VISA_REFUSED not in dict(pl.stages)]
        if not candidates:
            raise ValueError(f"{prefix}: no journey old enough to stall at {stage}.")
        candidates[0].stall_at(stage)
        old.remove(candidates[0])
    returns = outcomes.returns
    for plan in [pl for pl in old if pl.status in (P.STARTED, P.ENDED)]:
        if returns and plan.come_back(rng):
            returns -= 1
    if returns:
        raise ValueError(f"{prefix}: {returns} fewer workers could return than planned.")
