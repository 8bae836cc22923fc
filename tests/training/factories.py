"""factory_boy factories of the training app: centres, courses, cohorts, trainees, applications, enrollments and
expenditures."""

import datetime as dt
from decimal import Decimal

import factory

from identity.choices import OrganisationKind
from partnerships.choices import PartyRole
from partnerships.models import PartnershipParty
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import OccupationFactory, country
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
    valid_from = dt.date(2024, 1, 1)
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
