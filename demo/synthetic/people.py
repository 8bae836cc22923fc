"""The big tables: trainees, enrollments, a few applications, placements (≈ 10 % of enrollments), migration cases
of away-track placements, follow-ups and expenditures, generated cohort by cohort into a `Sink`.

Dates are day ordinals while generating (integer arithmetic) and ISO strings when written. Every row satisfies
the models' check constraints: status and dates agree, each date follows the one before, nothing is dated after
`specs.AS_OF`, no cohort holds more non-dropped enrollments on a track than it has seats.
"""

import datetime as dt
import hashlib
import hmac
import random
from dataclasses import dataclass, field

from django.conf import settings

from migration_tracks.models import FollowUp, MigrationCase, Placement
from partnerships.choices import CostCategory as C
from partnerships.choices import PayerRole as PR
from partnerships.choices import Track
from training.choices import ConsentPurpose
from training.models import Application, Enrollment, EnrollmentTrackChange, Expenditure, Trainee

from . import specs
from .world import CohortPlan, Need, PartnershipPlan, World

HOME, AWAY = Track.HOME.value, Track.AWAY.value
CONSENT = [p.value for p in ConsentPurpose]
_BASE = dt.date(1940, 1, 1).toordinal()
_ISO = [dt.date.fromordinal(_BASE + i).isoformat() for i in range(dt.date(2101, 1, 1).toordinal() - _BASE)]
_YEAR_START = {y: dt.date(y, 1, 1).toordinal() for y in range(1940, 2101)}


def iso(ordinal: int | None) -> str | None:
    return None if ordinal is None else _ISO[ordinal - _BASE]


# Columns written per model, in dependency order (the sink flushes in this order and checks them against the models).
COLUMNS = {
    Trainee: (
        "id",
        "created",
        "updated",
        "given_name",
        "family_name",
        "date_of_birth",
        "gender",
        "email",
        "phone",
        "national_id_hash",
        "consent_given_at",
        "consent_covers",
        "erased_at",
        "nationality_id",
        "registered_by_id",
    ),
    Application: (
        "id",
        "created",
        "updated",
        "status",
        "applied_on",
        "preferred_track",
        "decided_on",
        "notes",
        "cohort_id",
        "trainee_id",
    ),
    Enrollment: (
        "id",
        "created",
        "updated",
        "track",
        "status",
        "enrolled_on",
        "completed_on",
        "dropped_on",
        "certified",
        "certified_on",
        "language_level",
        "cohort_id",
        "trainee_id",
    ),
    EnrollmentTrackChange: ("id", "enrollment_id", "from_track", "to_track", "reason", "changed_at", "changed_by_id"),
    Placement: (
        "id",
        "created",
        "updated",
        "status",
        "offered_on",
        "accepted_on",
        "started_on",
        "ended_on",
        "declined_on",
        "withdrawn_on",
        "wage_amount",
        "wage_currency",
        "wage_period",
        "commitment_months",
        "repayment_amount",
        "repayment_currency",
        "repayment_percent",
        "repayment_months",
        "enrollment_id",
        "skill_need_id",
        "cohort_id",
    ),
    MigrationCase: (
        "id",
        "created",
        "updated",
        "stage",
        "job_offer_on",
        "visa_applied_on",
        "visa_granted_on",
        "visa_refused_on",
        "pre_departure_on",
        "departed_on",
        "arrived_on",
        "recognised_on",
        "returned_on",
        "notes",
        "placement_id",
        "cohort_id",
    ),
    FollowUp: (
        "id",
        "created",
        "updated",
        "months_since_completion",
        "surveyed_on",
        "employed",
        "wage_amount",
        "wage_currency",
        "same_employer",
        "country_id",
        "enrollment_id",
        "cohort_id",
    ),
    Expenditure: (
        "id",
        "created",
        "updated",
        "category",
        "amount",
        "currency",
        "spent_on",
        "payer_role",
        "reference",
        "cohort_id",
        "partnership_id",
        "payer_organisation_id",
    ),
}

DROP_RATE = 0.10
CERTIFIED_RATE = 0.9
APPLICATION_RATE = 0.03
TRACK_CHANGE_RATE = 0.01
TRACK_CHANGE_REASONS = {
    HOME: "Chose to stay and work in the origin country.",
    AWAY: "Selected by a destination employer after the language assessment.",
}
FOLLOW_UPS = ((6, 0.15), (12, 0.25), (24, 0.12))
EXPENDITURE_LINES = (
    (C.INSTRUCTION, PR.DESTINATION_GOVERNMENT),
    (C.MATERIALS, PR.DESTINATION_GOVERNMENT),
    (C.STIPEND, PR.ORIGIN_GOVERNMENT),
    (C.LANGUAGE, PR.DESTINATION_EMPLOYER),
)


@dataclass
class Tally:
    placed: int = 0
    started: int = 0
    completed: int = 0
    returned: int = 0
    by_status: dict = field(default_factory=dict)


class People:
    """Generates the rows of every cohort of `world` into `sink`, `placement_share` of enrollments placed."""

    def __init__(self, world: World, sink, rng: random.Random, now: dt.datetime, placement_share: float = 0.10):
        self.world, self.sink, self.rng = world, sink, rng
        self.now = now.isoformat()
        self.as_of = specs.AS_OF.toordinal()
        self.hmac = hmac.new(settings.NATIONAL_ID_HASH_KEY.encode(), digestmod=hashlib.sha256)
        self.tally = Tally()
        self.p_place = self._placement_odds(placement_share)
        # A completer's monthly wage at home, in the origin currency (2021 prices).
        self.home_wage = {
            plan.partnership.pk: world.currencies.from_eur(
                specs.MONTHLY_WAGE_EUR.get(plan.origin, specs.DEFAULT_WAGE_EUR),
                plan.origin_currency,
                dt.date(2021, 1, 1),
            )
            for plan in world.plans
        }

    def _placement_odds(self, share: float) -> dict:
        """Placement probability per track among completers, away about three times home, for `share` overall."""
        finished = [c for c in self.world.cohorts if c.end.toordinal() <= self.as_of]
        away = sum(c.n_away for c in finished) * (1 - DROP_RATE)
        home = sum(c.n_home for c in finished) * (1 - DROP_RATE)
        target = share * sum(c.n_home + c.n_away for c in self.world.cohorts) / 0.96  # a few offers come too late
        p_away = min(0.85, 3 * target / (3 * away + home)) if away or home else 0
        p_home = min(0.85, max(0.0, (target - p_away * away) / home)) if home else 0
        return {HOME: p_home, AWAY: p_away}

    # --- per cohort --------------------------------------------------------------------------------------------

    def write(self) -> Tally:
        for cohort in self.world.cohorts:
            self.cohort(cohort)
            self.expenditures(cohort)
        for plan in self.world.plans:
            self.unassigned_expenditures(plan)
        self.sink.finish()
        return self.tally

    def cohort(self, c: CohortPlan) -> None:  # noqa: C901 (one pass over a cohort's people, kept in one place)
        r, add, next_id, now = self.rng.random, self.sink.add, self.sink.next_id, self.now
        plan, course = c.plan, c.course
        start, end, as_of = c.start.toordinal(), c.end.toordinal(), self.as_of
        finished = end <= as_of
        female_share = 0.75 if specs.sector_of(course.occupation) == "health" else 0.35
        females, males, families = plan.names
        nationality = plan.origin
        centre = course.centre_org_id
        tally = self.tally
        for i in range(c.n_home + c.n_away):
            track = HOME if i < c.n_home else AWAY
            trainee_id, enrollment_id = next_id(Trainee), next_id(Enrollment)
            # --- trainee
            u = r()
            gender = "female" if u < female_share else "male" if u < 0.98 else "other" if u < 0.99 else "undisclosed"
            given = (females if gender == "female" else males)[int(r() * 10)]
            family = families[int(r() * len(families))]
            enrolled = start - int(r() * 21)
            born = _YEAR_START[c.start.year - 18 - int(r() * 17)] + int(r() * 365)
            digest = self.hmac.copy()
            digest.update(f"{nationality}:SYN{trainee_id}".encode())
            consent = f"{iso(enrolled - 30)}T12:00:00+00:00"
            add(Trainee, (trainee_id, now, now, given, family, iso(born), gender, "", "", digest.hexdigest(), consent,
                          CONSENT, None, nationality, centre))  # fmt: skip
            # --- application (the few recorded)
            if r() < APPLICATION_RATE:
                applied = start - 60 - int(r() * 90)
                add(Application, (next_id(Application), now, now, "selected", iso(applied), track,
                                  iso(applied + 10 + int(r() * 30)), "", c.id, trainee_id))  # fmt: skip
            # --- enrollment
            completed = dropped = certified_on = None
            if finished:
                if r() < DROP_RATE:
                    dropped = enrolled + int(r() * (end - enrolled + 1))
                else:
                    completed = min(end + int(r() * 10), as_of)
                    if r() < CERTIFIED_RATE and completed + 14 <= as_of:
                        certified_on = min(as_of, completed + 14 + int(r() * 45))
            elif r() < DROP_RATE * 0.6:
                dropped = enrolled + int(r() * (min(end, as_of) - enrolled + 1))
            status = "completed" if completed else "dropped_out" if dropped else "enrolled"
            if track == AWAY:
                level = "B1" if r() < 0.6 else "B2" if r() < 0.75 else "A2"
            else:
                level = "" if r() < 0.7 else "A2"
            add(Enrollment, (enrollment_id, now, now, track, status, iso(enrolled), iso(completed), iso(dropped),
                             certified_on is not None, iso(certified_on), level, c.id, trainee_id))  # fmt: skip
            # --- a few moved to this track during the course (the change dated, with its reason)
            if r() < TRACK_CHANGE_RATE and (moved := enrolled + 20 + int(r() * 100)) <= min(end, as_of):
                add(EnrollmentTrackChange, (next_id(EnrollmentTrackChange), enrollment_id, AWAY if track == HOME
                                            else HOME, track, TRACK_CHANGE_REASONS[track],
                                            f"{iso(moved)}T09:30:00+00:00", None))  # fmt: skip
            if completed is None:
                continue
            tally.completed += 1
            # --- placements
            placement = None
            if r() < self.p_place[track]:
                pool = plan.pools.get((course.occupation, track))
                if pool:
                    need = pool[int(r() * len(pool))]
                    placement = self.placement(plan, enrollment_id, c.id, track, need, completed - 60, enrolled)
                    if placement and placement["status"] in ("declined", "withdrawn") and r() < 0.5:
                        other = pool[int(r() * len(pool))]
                        if other.id != need.id:
                            second = self.placement(
                                plan, enrollment_id, c.id, track, other, placement["last"] + 7, enrolled
                            )
                            placement = second or placement
            self.follow_ups(plan, enrollment_id, c.id, completed, placement)

    def placement(
        self,
        plan: PartnershipPlan,
        enrollment_id: int,
        cohort_id: int,
        track: str,
        need: Need,
        after: int,
        enrolled: int,
    ):
        """One offer and what became of it (with the away-track journey); None when it would come after AS_OF."""
        r, as_of, tally = self.rng.random, self.as_of, self.tally
        offered = max(enrolled, after + int(r() * 120))
        if offered > as_of:
            return None
        accepted = started = ended = declined = withdrawn = None
        stages = None
        u = r()
        if u < 0.04:
            declined = min(as_of, offered + 3 + int(r() * 20))
        elif u < 0.06:
            withdrawn = min(as_of, offered + 10 + int(r() * 50))
        else:
            accepted = offered + 3 + int(r() * 18)
            if accepted > as_of:
                accepted = None
            elif track == HOME:
                started = accepted + 14 + int(r() * 45)
                if started > as_of:
                    started = None
                elif r() < 0.10 and (ended := started + 180 + int(r() * 720)) > as_of:
                    ended = None
            if track == AWAY:
                stages = self.journey(offered, accepted)
                started, ended, withdrawn = stages.pop("started"), stages.pop("ended"), stages.pop("withdrawn")
        status = (
            "declined" if declined else "withdrawn" if withdrawn else "ended" if ended else "started" if started
            else "accepted" if accepted else "offered"
        )  # fmt: skip
        tally.by_status[status] = tally.by_status.get(status, 0) + 1
        tally.placed += 1
        if status not in ("declined", "withdrawn"):
            need.active += 1
        if started:
            tally.started += 1
        wage = need.wage * (0.95 + 0.15 * r())
        wage_text = f"{wage:.0f}.00" if wage > 1000 else f"{wage:.2f}"
        commitment = repayment = repayment_currency = percent = months = None
        if track == AWAY:
            commitment = 36 if r() < 0.5 else 24
            if r() < 0.1:
                monthly = need.wage / 12 if need.period == "year" else need.wage
                repayment, repayment_currency, percent, months = f"{monthly * 5:.0f}.00", need.currency, "10.00", 48
        placement_id = self.sink.next_id(Placement)
        now = self.now
        self.sink.add(
            Placement,
            (
                placement_id,
                now,
                now,
                status,
                iso(offered),
                iso(accepted),
                iso(started),
                iso(ended),
                iso(declined),
                iso(withdrawn),
                wage_text,
                need.currency,
                need.period,
                commitment,
                repayment,
                repayment_currency or "",
                percent,
                months,
                enrollment_id,
                need.id,
                cohort_id,
            ),
        )
        if stages is not None:
            if stages.get("returned_on"):
                tally.returned += 1
            g = stages.get
            self.sink.add(
                MigrationCase,
                (
                    self.sink.next_id(MigrationCase),
                    now,
                    now,
                    stages["stage"],
                    iso(stages["job_offer_on"]),
                    iso(g("visa_applied_on")),
                    iso(g("visa_granted_on")),
                    iso(g("visa_refused_on")),
                    iso(g("pre_departure_on")),
                    iso(g("departed_on")),
                    iso(g("arrived_on")),
                    iso(g("recognised_on")),
                    iso(g("returned_on")),
                    "",
                    placement_id,
                    cohort_id,
                ),
            )
        last = max(d for d in (offered, accepted, declined, withdrawn) if d is not None)
        return {"status": status, "started": started, "ended": ended, "need": need, "wage": wage, "last": last,
                "returned": stages.get("returned_on") if stages else None}  # fmt: skip

    def journey(self, offered: int, accepted: int | None) -> dict:
        """The away-track stages reached by AS_OF; a refused visa withdraws the offer, a return ends the job."""
        r, as_of = self.rng.random, self.as_of
        s = {"stage": "job_offer", "job_offer_on": offered, "started": None, "ended": None, "withdrawn": None}
        if accepted is None:
            return s

        def reach(stage: str, on: int) -> bool:
            if on > as_of:
                return False
            s["stage"], s[f"{stage}_on"] = stage, on
            return True

        if not reach("visa_applied", accepted + 7 + int(r() * 21)):
            return s
        if r() < 0.03:
            if reach("visa_refused", s["visa_applied_on"] + 30 + int(r() * 60)):
                s["withdrawn"] = s["visa_refused_on"]
            return s
        if not reach("visa_granted", s["visa_applied_on"] + 20 + int(r() * 70)):
            return s
        if not reach("pre_departure", s["visa_granted_on"] + 7 + int(r() * 21)):
            return s
        if not reach("departed", s["pre_departure_on"] + 3 + int(r() * 14)):
            return s
        if not reach("arrived", s["departed_on"] + 1):
            return s
        if (started := s["arrived_on"] + 3 + int(r() * 11)) <= as_of:
            s["started"] = started
        if r() < 0.8:
            reach("recognised", s["arrived_on"] + 60 + int(r() * 120))
        u = r()
        if s["started"] and u < 0.04:
            returned = max(s["arrived_on"], s.get("recognised_on") or 0) + 200 + int(r() * 700)
            if reach("returned", returned):
                s["ended"] = max(s["started"], returned - int(r() * 20))
        elif s["started"] and u < 0.10 and (ended := s["started"] + 365 + int(r() * 700)) <= as_of:
            s["ended"] = ended
        return s

    def follow_ups(
        self, plan: PartnershipPlan, enrollment_id: int, cohort_id: int, completed: int, placement: dict | None
    ) -> None:
        r, as_of, now = self.rng.random, self.as_of, self.now
        for months, rate in FOLLOW_UPS:
            surveyed = completed + months * 30 + int(r() * 20)
            if surveyed > as_of:
                return
            if r() >= rate:
                continue
            started = placement and placement["started"]
            ended = placement and placement["ended"]
            wage = currency = same = None
            employed, country = True, plan.origin
            if started and started <= surveyed and not (ended and ended <= surveyed):
                need = placement["need"]
                country, same = need.country, r() < 0.92
                monthly = placement["wage"] / 12 if need.period == "year" else placement["wage"]
                wage, currency = monthly * (1 + 0.02 * months / 12), need.currency
            elif started and started <= surveyed:
                same = False
                if not placement["returned"]:
                    country = placement["need"].country
                employed = r() < 0.75
                if employed:
                    need = placement["need"]
                    monthly = placement["wage"] / 12 if need.period == "year" else placement["wage"]
                    wage, currency = monthly * 1.03, need.currency
            elif r() < 0.6:
                wage, currency = self.home_wage[plan.partnership.pk] * (0.85 + 0.3 * r()), plan.origin_currency
            else:
                employed = False
            self.sink.add(FollowUp, (self.sink.next_id(FollowUp), now, now, months, iso(surveyed), employed,
                                     None if wage is None else f"{wage:.2f}", currency or "", same, country,
                                     enrollment_id, cohort_id))  # fmt: skip

    # --- what was actually spent ----------------------------------------------------------------------------------

    def expenditures(self, c: CohortPlan) -> None:
        """Actual payments for most finished cohorts, a few percent over or under the planned cost."""
        r = self.rng.random
        if c.end.toordinal() > self.as_of or r() >= 0.6:
            return
        start = c.start.toordinal()
        counts = {"both": c.n_home + c.n_away, "home": c.n_home, "away": c.n_away}
        for category, payer in EXPENDITURE_LINES:
            price = c.course.price_on(category, c.start)
            if not price:
                continue
            amounts, currency = price
            planned = sum(amount * counts[scope] for scope, amount in amounts.items())
            if planned <= 0:
                continue
            spent = min(self.as_of, start + 30 + int(r() * (c.end - c.start).days))
            self.sink.add(Expenditure, (self.sink.next_id(Expenditure), self.now, self.now, category,
                                        f"{planned * (0.92 + 0.16 * r()):.2f}", currency, iso(spent), payer,
                                        f"{c.code}-{category}", c.id,
                                        c.plan.partnership.pk, c.plan.payers.get(payer)))  # fmt: skip

    def unassigned_expenditures(self, plan: PartnershipPlan) -> None:
        """A yearly coordination payment booked to no cohort."""
        currency = plan.partnership.reporting_currency
        for year in range(plan.earliest.year, specs.AS_OF.year + 1):
            spent = min(specs.AS_OF, dt.date(year, 6, 30))
            if spent < plan.earliest:
                continue
            amount = self.world.currencies.from_eur(60_000 * (0.9 + 0.2 * self.rng.random()), currency, spent)
            self.sink.add(Expenditure, (self.sink.next_id(Expenditure), self.now, self.now, C.MANAGEMENT.value,
                                        f"{amount:.2f}", currency, spent.isoformat(), PR.DESTINATION_GOVERNMENT.value,
                                        f"{specs.PREFIX}coordination-{plan.partnership.pk}-{year}", None,
                                        plan.partnership.pk, plan.payers.get(PR.DESTINATION_GOVERNMENT)))  # fmt: skip
