"""Writing one cohort's planned people: trainee, application, enrollment, placement, migration case and
follow-ups.

Rows go through `valid_save` (field checks and each model's clean(): seats left in the cohort, positions
left in the skill need, a journey's stages in order) rather than the one-row services, which add a row
lock (pointless for one writer in one transaction) and re-check every database constraint in Python,
one query each: that made the seed three times slower. The database still enforces those constraints.
"""

import datetime as dt
import random
from decimal import Decimal

from migration_tracks.models import FollowUp, MigrationCase, Placement
from migration_tracks.models.journeys import STAGE_DATE_FIELDS
from partnerships.choices import Track, WagePeriod
from training.choices import ConsentPurpose, EnrollmentStatus
from training.models import Application, Cohort, Enrollment, Trainee
from training.models.people import hash_national_id

from .base import AS_OF, HistoryBatch, at_noon, valid_save
from .plans import Outcomes, PlacementPlan, Plan

DAY = dt.timedelta(days=1)

# Applicants consent to everything the programme does with their data (the demo's pilots ask for all of it).
CONSENT_COVERS = [p.value for p in ConsentPurpose]


def percent_of(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(Decimal("1"))


class CohortWriter:
    """Writes planned applicants into `cohort`, skipping the rows an earlier run wrote.

    The rows of the cohort that exist are read once, in a few queries, so a second run writes nothing
    without one lookup per row; in a cohort this run created (`fresh`) nothing exists, so nothing is read.
    """

    def __init__(
        self,
        cohort: Cohort,
        plans: list[Plan],
        *,
        nationality: str,
        outcomes: Outcomes,
        needs: dict,
        fresh: bool,
        history: HistoryBatch,
    ):
        self.cohort, self.partnership = cohort, cohort.partnership
        self.nationality, self.outcomes, self.needs, self.history = nationality, outcomes, needs, history
        self.trainees, self.applications, self.enrollments, self.placements, self.follow_ups = {}, set(), {}, {}, set()
        if not fresh:
            self._read_existing(plans)

    def _read_existing(self, plans: list[Plan]) -> None:
        digests = [hash_national_id(self.nationality, plan.person.national_id) for plan in plans]
        found = Trainee.objects.filter(nationality_id=self.nationality, national_id_hash__in=digests)
        self.trainees = {t.national_id_hash: t for t in found}
        self.applications = set(self.cohort.applications.values_list("trainee_id", flat=True))
        self.enrollments = {e.trainee_id: e for e in self.cohort.enrollments.all()}
        placements = Placement.objects.filter(enrollment__cohort=self.cohort).select_related("skill_need")
        self.placements = {(pl.enrollment_id, pl.skill_need_id): pl for pl in placements}
        follow_ups = FollowUp.objects.filter(enrollment__cohort=self.cohort)
        self.follow_ups = set(follow_ups.values_list("enrollment_id", "months_since_completion"))

    def write(self, plan: Plan) -> Placement | None:
        trainee = self._trainee(plan)
        if trainee.pk not in self.applications:
            valid_save(Application(trainee=trainee, cohort=self.cohort, **plan.application), self.history)
        if plan.track is None:
            return None
        enrollment = self.enrollments.get(trainee.pk) or valid_save(
            Enrollment(trainee=trainee, cohort=self.cohort, track=plan.track, **plan.enrollment), self.history
        )
        placement = self._placement(enrollment, plan.placement) if plan.placement else None
        if enrollment.status == EnrollmentStatus.COMPLETED:
            self._follow_ups(enrollment, plan, placement)
        return placement

    def _trainee(self, plan: Plan) -> Trainee:
        who = plan.person
        if found := self.trainees.get(hash_national_id(self.nationality, who.national_id)):
            return found
        trainee = Trainee(
            given_name=who.given_name,
            family_name=who.family_name,
            date_of_birth=who.date_of_birth,
            gender=who.gender,
            nationality_id=self.nationality,
            email=who.email,
            consent_given_at=at_noon(plan.application["applied_on"]),
            consent_covers=CONSENT_COVERS,
        )
        trainee.set_national_id(who.national_id)
        return valid_save(trainee, self.history)

    def _placement(self, enrollment: Enrollment, plan: PlacementPlan) -> Placement:
        need = self.needs[plan.need]
        if found := self.placements.get((enrollment.pk, need.pk)):
            return found
        terms = {}
        if plan.track == Track.AWAY:
            terms["commitment_months"] = self.outcomes.commitment_months
            if repayment := self.outcomes.repayment:
                percent, months, amount, currency = repayment
                terms |= {
                    "repayment_percent": Decimal(percent),
                    "repayment_months": months,
                    "repayment_amount": Decimal(amount),
                    "repayment_currency": currency,
                }
        placement = valid_save(
            Placement(
                enrollment=enrollment,
                skill_need=need,
                offered_on=plan.offered_on,
                status=plan.status,
                accepted_on=plan.accepted_on,
                started_on=plan.started_on,
                ended_on=plan.ended_on,
                declined_on=plan.declined_on,
                withdrawn_on=plan.withdrawn_on,
                wage_amount=percent_of(need.wage_amount, plan.wage_percent),
                wage_currency=need.wage_currency,
                wage_period=need.wage_period,
                **terms,
            ),
            self.history,
        )
        if plan.stages:
            dates = {STAGE_DATE_FIELDS[stage]: on for stage, on in plan.stages}
            valid_save(MigrationCase(placement=placement, stage=plan.stages[-1][0], **dates), self.history)
        return placement

    def _follow_ups(self, enrollment: Enrollment, plan: Plan, placement: Placement | None) -> None:
        """Tracer surveys at 6, 12 and 24 months: at work (with the placement's employer or not), back home or
        not. A share of completers does not answer a given survey."""
        rng = random.Random(f"{self.partnership.code}/{plan.serial}/follow-up")
        returned_on = plan.placement and plan.placement.returned_on
        for months in (6, 12, 24):
            surveyed = enrollment.completed_on + (months * 30 + rng.randint(0, 20)) * DAY
            if surveyed > AS_OF:
                return
            if rng.random() >= self.outcomes.follow_up_rate:
                continue
            state = self._situation(placement, surveyed, returned_on, rng)
            if (enrollment.pk, months) not in self.follow_ups:
                follow_up = FollowUp(
                    enrollment=enrollment, months_since_completion=months, surveyed_on=surveyed, **state
                )
                valid_save(follow_up, self.history)

    def _situation(self, placement: Placement | None, on: dt.date, returned_on: dt.date | None, rng) -> dict:
        """Where a completer is on `on`: at work with the placement's employer, still in that country after it
        ended (mostly with another employer), or in the origin country (never placed, not yet departed, refused a
        visa, or back after working abroad). Wages are monthly (a yearly wage ÷ 12)."""
        working = placement and placement.is_active and placement.started_on and placement.started_on <= on
        back = returned_on is not None and returned_on <= on
        if working and not back:
            monthly = placement.wage_amount / (12 if placement.wage_period == WagePeriod.YEAR else 1)
            if placement.ended_on is None or placement.ended_on > on:
                raise_percent = 100 + (on - placement.started_on).days // 120
                return {
                    "employed": True,
                    "country_id": placement.skill_need.country_id,
                    "same_employer": True,
                    "wage_amount": percent_of(monthly, raise_percent),
                    "wage_currency": placement.wage_currency,
                }
            # The placement ended; the worker stayed in that country, mostly with another employer.
            if rng.random() < 0.8:
                return {
                    "employed": True,
                    "country_id": placement.skill_need.country_id,
                    "same_employer": False,
                    "wage_amount": percent_of(monthly, 104),
                    "wage_currency": placement.wage_currency,
                }
            return {"employed": False, "country_id": placement.skill_need.country_id, "same_employer": False}
        same = False if working else None
        origin = self.partnership.origin_country_id
        if rng.random() < 0.6:
            wage, currency = self.outcomes.home_wage
            return {
                "employed": True,
                "country_id": origin,
                "same_employer": same,
                "wage_amount": percent_of(Decimal(wage), rng.randint(85, 115)),
                "wage_currency": currency,
            }
        return {"employed": False, "country_id": origin, "same_employer": same}
