"""factory_boy factories for every domain model. Countries come from pycountry (the `countries` fixture
or `reference.loaders.load_countries`); factories look them up, never invent them."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from identity.choices import MembershipRole, OrganisationKind
from identity.models import Membership, Organisation
from migration_tracks.models import FollowUp, MigrationCase, Placement, RecruitmentFee
from partnerships.choices import CostCategory, PartyRole, PayerRole, Track
from partnerships.models import (
    Amendment,
    CostShareRule,
    Partnership,
    PartnershipParty,
    PartnershipTransition,
    Programme,
    SkillNeed,
)
from reference.models import Country, DomesticTrainingCost, ExchangeRate, HealthSafeguardsList, Occupation
from reports.models import ReportRun
from training.models import (
    Application,
    Cohort,
    Course,
    CourseCost,
    Enrollment,
    EnrollmentTrackChange,
    Expenditure,
    Trainee,
    TrainingCentre,
)


def country(code: str) -> Country:
    """A country loaded from pycountry (loads it on first use, so factories work without the fixture)."""
    found = Country.objects.filter(pk=code).first()
    if found is None:
        from reference.loaders import load_countries

        load_countries(only=[code])
        found = Country.objects.get(pk=code)
    return found


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OccupationFactory(factory.django.DjangoModelFactory):
    """Occupations with their ISCO-08 parents (2221 Nursing professionals under 222, 22, 2)."""

    class Meta:
        model = Occupation
        django_get_or_create = ("code",)

    code = "2221"
    title = "Nursing professionals"
    parent = factory.LazyAttribute(lambda o: _ensure_parents(o.code))


def _ensure_parents(code: str):
    parent = None
    for length in range(1, len(code)):
        parent, _ = Occupation.objects.get_or_create(
            code=code[:length], defaults={"title": f"ISCO-08 group {code[:length]}", "parent": parent}
        )
    return parent


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.EMPLOYER
    country = factory.LazyFunction(lambda: country("GB"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.EDITOR


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A draft UK–Nigeria partnership reporting in GBP."""

    class Meta:
        model = Partnership

    code = factory.Sequence(lambda n: f"gsp-{n}")
    title = factory.Sequence(lambda n: f"Partnership {n}")
    origin_country = factory.LazyFunction(lambda: country("NG"))
    destination_country = factory.LazyFunction(lambda: country("GB"))
    reporting_currency = "GBP"
    target_home = 20
    target_away = 10


class PartnershipPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipParty

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartyRole.EMPLOYER


class CostShareRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostShareRule

    partnership = factory.SubFactory(PartnershipFactory)
    track = "away"
    category = "instruction"
    payer_role = "destination_government"
    share = Decimal("100")


def cost_sharing_rows(share_split: tuple[tuple[str, str], ...] = ((PayerRole.DESTINATION_GOVERNMENT, "100"),)):
    """A complete cost-sharing table as rows: every track × every category it can incur, split as given."""
    return [
        {"track": track, "category": category, "payer_role": payer, "share": share}
        for track in Track.values
        for category in CostCategory.for_track(track)
        for payer, share in share_split
    ]


def complete_cost_sharing(partnership: Partnership, **kwargs) -> list[CostShareRule]:
    """Save a complete cost-sharing table (see `cost_sharing_rows`) for `partnership`."""
    return [CostShareRuleFactory(partnership=partnership, **row) for row in cost_sharing_rows(**kwargs)]


class PartnershipTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipTransition

    partnership = factory.SubFactory(PartnershipFactory)
    from_status = "draft"
    to_status = "negotiating"


class AmendmentFactory(factory.django.DjangoModelFactory):
    """A proposed amendment of a signed partnership raising its home-track target."""

    class Meta:
        model = Amendment

    partnership = factory.SubFactory(PartnershipFactory, status="signed", signed_on=dt.date(2024, 3, 1))
    number = factory.Sequence(lambda n: n + 1)
    summary = "Raise the home-track target"
    changes = factory.LazyFunction(lambda: {"target_home": 30})


class HealthSafeguardsListFactory(factory.django.DjangoModelFactory):
    """A version of the WHO safeguards list; pass `countries=[...]` to fill it."""

    class Meta:
        model = HealthSafeguardsList
        skip_postgeneration_save = True

    version = factory.Sequence(lambda n: f"test-{n}")
    source = "WHO Health Workforce Support and Safeguards List (test copy)"
    published_on = dt.date(2023, 3, 14)
    is_current = False

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    base_currency = "NGN"
    quote_currency = "GBP"
    date = dt.date(2024, 1, 1)
    rate = Decimal("0.00050000")


class DomesticTrainingCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DomesticTrainingCost

    country = factory.LazyFunction(lambda: country("GB"))
    occupation = factory.SubFactory(OccupationFactory)
    year = 2024
    amount = Decimal("26000.00")
    currency = "GBP"


class SkillNeedFactory(factory.django.DjangoModelFactory):
    """An away-track need: a destination employer in the partnership's destination country."""

    class Meta:
        model = SkillNeed

    partnership = factory.SubFactory(PartnershipFactory)
    employer = factory.LazyAttribute(
        lambda o: OrganisationFactory(kind=OrganisationKind.EMPLOYER, country=o.partnership.destination_country)
    )
    occupation = factory.SubFactory(OccupationFactory)
    country = factory.LazyAttribute(lambda o: o.employer.country)
    positions = 5


class TrainingCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCentre

    organisation = factory.LazyFunction(
        lambda: OrganisationFactory(kind=OrganisationKind.TRAINING_PROVIDER, country=country("NG"))
    )
    campus_country = factory.LazyAttribute(lambda o: o.organisation.country)
    capacity = 200


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    centre = factory.SubFactory(TrainingCentreFactory)
    occupation = factory.SubFactory(OccupationFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    duration_weeks = 52


class CourseCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCost

    course = factory.SubFactory(CourseFactory)
    category = "instruction"
    applies_to = "both"
    amount = Decimal("1000.00")
    currency = "NGN"


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort whose course's centre is made a training-provider party of the partnership."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"cohort-{n}")
    start_date = dt.date(2024, 1, 8)
    end_date = dt.date(2024, 12, 20)
    seats_home = 10
    seats_away = 10

    @factory.post_generation
    def provider_party(obj, create, extracted, **kwargs):
        if create:
            PartnershipParty.objects.get_or_create(
                partnership=obj.partnership,
                organisation=obj.course.centre.organisation,
                role=PartyRole.TRAINING_PROVIDER,
            )


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = dt.date(1998, 5, 17)
    gender = "female"
    nationality = factory.LazyFunction(lambda: country("NG"))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    trainee = factory.SubFactory(TraineeFactory)
    cohort = factory.SubFactory(CohortFactory)
    applied_on = dt.date(2023, 10, 1)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    trainee = factory.SubFactory(TraineeFactory)
    cohort = factory.SubFactory(CohortFactory)
    track = "away"
    enrolled_on = factory.LazyAttribute(lambda o: o.cohort.start_date)


class EnrollmentTrackChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentTrackChange

    enrollment = factory.SubFactory(EnrollmentFactory, track="home")
    from_track = "away"
    to_track = "home"
    reason = "Did not reach the language level the destination employer requires."


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    partnership = factory.SubFactory(PartnershipFactory)
    category = "instruction"
    amount = Decimal("5000.00")
    currency = "GBP"
    spent_on = dt.date(2024, 2, 1)
    payer_role = "destination_government"


class PlacementFactory(factory.django.DjangoModelFactory):
    """An offer to a completed away-track enrollment against a need in the same partnership."""

    class Meta:
        model = Placement

    enrollment = factory.SubFactory(
        EnrollmentFactory, status="completed", completed_on=factory.LazyAttribute(lambda o: o.cohort.end_date)
    )
    skill_need = factory.LazyAttribute(lambda o: SkillNeedFactory(partnership=o.enrollment.cohort.partnership))
    offered_on = dt.date(2025, 1, 6)


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


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    kind = "cost_sharing"
    partnership = factory.SubFactory(PartnershipFactory)
