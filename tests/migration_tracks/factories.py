"""factory_boy factories of the migration_tracks app: placements, migration cases, recruitment fees and follow-ups."""

import datetime as dt
from decimal import Decimal

import factory

from migration_tracks.choices import PlacementStatus
from migration_tracks.models import FollowUp, FollowUpDigest, MigrationCase, Placement, RecruitmentFee
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import EnrollmentFactory, TrainingCentreFactory


class PlacementFactory(factory.django.DjangoModelFactory):
    """An offer to a completed away-track enrollment against a need in the same partnership."""

    class Meta:
        model = Placement

    enrollment = factory.SubFactory(
        EnrollmentFactory, status="completed", completed_on=factory.LazyAttribute(lambda o: o.cohort.end_date)
    )
    skill_need = factory.LazyAttribute(lambda o: SkillNeedFactory(partnership=o.enrollment.cohort.partnership))
    status = PlacementStatus.OFFERED
    offered_on = dt.date(2025, 1, 6)
    # A declined or withdrawn offer records when (the day of the offer unless given).
    declined_on = factory.LazyAttribute(lambda o: o.offered_on if o.status == PlacementStatus.DECLINED else None)
    withdrawn_on = factory.LazyAttribute(lambda o: o.offered_on if o.status == PlacementStatus.WITHDRAWN else None)


class MigrationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MigrationCase

    placement = factory.SubFactory(PlacementFactory)
    job_offer_on = factory.LazyAttribute(lambda o: o.placement.offered_on)


class RecruitmentFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentFee

    placement = factory.SubFactory(PlacementFactory)
    amount = Decimal("150.00")
    currency = "NGN"
    payee = "Recruiting agent"
    paid_on = dt.date(2025, 1, 10)


class FollowUpDigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpDigest

    centre = factory.SubFactory(TrainingCentreFactory)
    sent_on = dt.date(2025, 6, 15)
    due = 1
    overdue = 0
    mails = 1


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    enrollment = factory.SubFactory(
        EnrollmentFactory, status="completed", completed_on=factory.LazyAttribute(lambda o: o.cohort.end_date)
    )
    months_since_completion = 12
    surveyed_on = dt.date(2025, 12, 20)
    employed = True
    same_employer = True


# The dates of a whole away-track journey of a MigrationCaseFactory case, each stage after the one before.
OFFERED = dt.date(2025, 1, 6)  # PlacementFactory's offered_on, and so the factory case's job_offer_on
JOURNEY = {
    "job_offer_on": OFFERED,
    "visa_applied_on": dt.date(2025, 2, 1),
    "visa_granted_on": dt.date(2025, 3, 1),
    "pre_departure_on": dt.date(2025, 4, 1),
    "departed_on": dt.date(2025, 5, 1),
    "arrived_on": dt.date(2025, 5, 2),
    "recognised_on": dt.date(2025, 7, 1),
}
