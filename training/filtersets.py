"""FilterSets of the training app, shared by the API and the HTML list views."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gsp.api.filters import (
    BaseFilterSet,
    country_choice,
    date_range,
    occupation_filter,
    partnership_country_filter,
    related,
)
from partnerships.choices import CostCategory, PayerRole, Track

from .choices import ApplicationStatus, EnrollmentStatus, Gender
from .models import Application, Cohort, Course, Enrollment, Expenditure, Trainee, TrainingCentre


class TrainingCentreFilterSet(BaseFilterSet):
    organisation = related("identity.Organisation", "organisation")
    country = country_choice("campus_country", label=_("Campus country"))
    partnership = related(
        "partnerships.Partnership",
        "organisation__parties__partnership",
        method="by_partnership",
        label=_("Partnership"),
    )
    q = django_filters.CharFilter(method="search", label=_("Name or city contains"))

    class Meta:
        model = TrainingCentre
        fields = ["organisation", "country", "partnership"]

    def by_partnership(self, queryset, name, value):
        return queryset.filter(organisation__in=value.parties.values("organisation_id"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(organisation__name__icontains=value) | Q(city__icontains=value))


class CourseFilterSet(BaseFilterSet):
    centre = related("training.TrainingCentre", "centre", label=_("Training centre"))
    occupation = occupation_filter("occupation")
    country = country_choice("centre__campus_country", label=_("Campus country"))
    partnership = related(
        "partnerships.Partnership", "cohorts__partnership", method="by_partnership", label=_("Partnership")
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))

    class Meta:
        model = Course
        fields = ["centre", "language_target_level"]

    def by_partnership(self, queryset, name, value):
        return queryset.filter(pk__in=Cohort.objects.filter(partnership=value).values("course_id"))


class CohortFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    course = related("training.Course", "course")
    centre = related("training.TrainingCentre", "course__centre", label=_("Training centre"))
    occupation = occupation_filter("course__occupation")
    country = partnership_country_filter("partnership")
    track = django_filters.ChoiceFilter(choices=Track.choices, method="by_track", label=_("Has seats on this track"))
    start_date_after, start_date_before = date_range("start_date", _("Start date"))
    end_date_after, end_date_before = date_range("end_date", _("End date"))

    class Meta:
        model = Cohort
        fields = ["partnership", "course", "code"]

    def by_track(self, queryset, name, value):
        return queryset.filter(**{f"seats_{value}__gt": 0})


class ApplicationFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "cohort__partnership", label=_("Partnership"))
    cohort = related("training.Cohort", "cohort", label=_("Cohort"))
    trainee = related("training.Trainee", "trainee", label=_("Trainee"))
    nationality = country_choice("trainee__nationality", label=_("Nationality"))
    occupation = occupation_filter("cohort__course__occupation")
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    track = django_filters.ChoiceFilter(field_name="preferred_track", choices=Track.choices, label=_("Preferred track"))
    applied_after, applied_before = date_range("applied_on", _("Applied"))
    decided_after, decided_before = date_range("decided_on", _("Decided"))

    class Meta:
        model = Application
        fields = ["partnership", "cohort", "trainee", "status"]


class TraineeFilterSet(BaseFilterSet):
    nationality = country_choice("nationality", label=_("Nationality"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    partnership = related(
        "partnerships.Partnership",
        "enrollments__cohort__partnership",
        method="by_partnership",
        label=_("Partnership"),
    )
    cohort = related("training.Cohort", "enrollments__cohort", method="by_cohort", label=_("Cohort"))
    registered_by = related("identity.Organisation", "registered_by", label=_("Registered by"))
    q = django_filters.CharFilter(method="search", label=_("Given or family name contains"))

    class Meta:
        model = Trainee
        fields = ["nationality", "gender", "registered_by"]

    def by_partnership(self, queryset, name, value):
        return self._in_cohorts(queryset, Cohort.objects.filter(partnership=value))

    def by_cohort(self, queryset, name, value):
        return self._in_cohorts(queryset, Cohort.objects.filter(pk=value.pk))

    @staticmethod
    def _in_cohorts(queryset, cohorts):
        """Enrolled in, or applying to, one of `cohorts` (subqueries: a person is listed once)."""
        enrolled = Enrollment.objects.filter(cohort__in=cohorts).values("trainee_id")
        applying = Application.objects.filter(cohort__in=cohorts).values("trainee_id")
        return queryset.filter(Q(pk__in=enrolled) | Q(pk__in=applying))

    def search(self, queryset, name, value):
        return queryset.filter(Q(given_name__icontains=value) | Q(family_name__icontains=value))


class EnrollmentFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "cohort__partnership", label=_("Partnership"))
    cohort = related("training.Cohort", "cohort", label=_("Cohort"))
    course = related("training.Course", "cohort__course", label=_("Course"))
    centre = related("training.TrainingCentre", "cohort__course__centre", label=_("Training centre"))
    trainee = related("training.Trainee", "trainee", label=_("Trainee"))
    nationality = country_choice("trainee__nationality", label=_("Nationality"))
    occupation = occupation_filter("cohort__course__occupation")
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    status = django_filters.MultipleChoiceFilter(choices=EnrollmentStatus.choices, label=_("Status"))
    certified = django_filters.BooleanFilter(label=_("Certified"))
    enrolled_after, enrolled_before = date_range("enrolled_on", _("Enrolled"))
    completed_after, completed_before = date_range("completed_on", _("Completed"))

    class Meta:
        model = Enrollment
        fields = ["partnership", "cohort", "course", "trainee", "track", "status", "certified", "language_level"]


class ExpenditureFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    cohort = related("training.Cohort", "cohort")
    payer_organisation = related("identity.Organisation", "payer_organisation", label=_("Payer organisation"))
    country = partnership_country_filter("partnership")
    occupation = occupation_filter("cohort__course__occupation")
    category = django_filters.MultipleChoiceFilter(choices=CostCategory.choices, label=_("Category"))
    payer_role = django_filters.MultipleChoiceFilter(choices=PayerRole.choices, label=_("Payer role"))
    spent_after, spent_before = date_range("spent_on", _("Spent"))

    class Meta:
        model = Expenditure
        fields = ["partnership", "cohort", "category", "payer_role", "payer_organisation", "currency"]
