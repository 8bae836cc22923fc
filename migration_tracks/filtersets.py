"""FilterSets of placements, journeys, recruitment fees and follow-ups, shared by the API and the HTML lists."""

import django_filters

from gsp.api.filters import (
    BaseFilterSet,
    country_choice,
    date_range,
    occupation_filter,
    partnership_country_filter,
    related,
)
from partnerships.choices import Track

from .choices import CLOSED_STAGES, FOLLOW_UP_MONTHS, MigrationStage, PlacementStatus
from .models import FollowUp, MigrationCase, Placement, RecruitmentFee


class PlacementFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "skill_need__partnership")
    employer = related("identity.Organisation", "skill_need__employer")
    skill_need = related("partnerships.SkillNeed", "skill_need")
    enrollment = related("training.Enrollment", "enrollment")
    trainee = related("training.Trainee", "enrollment__trainee")
    cohort = related("training.Cohort", "enrollment__cohort")
    country = country_choice("skill_need__country")
    occupation = occupation_filter("skill_need__occupation")
    track = django_filters.ChoiceFilter(field_name="enrollment__track", choices=Track.choices)
    status = django_filters.MultipleChoiceFilter(choices=PlacementStatus.choices)
    offered_after, offered_before = date_range("offered_on")
    started_after, started_before = date_range("started_on")

    class Meta:
        model = Placement
        fields = ["partnership", "employer", "skill_need", "enrollment", "status", "track"]


class MigrationCaseFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "placement__skill_need__partnership")
    employer = related("identity.Organisation", "placement__skill_need__employer")
    placement = related("migration_tracks.Placement", "placement")
    country = partnership_country_filter("placement__skill_need__partnership")
    occupation = occupation_filter("placement__skill_need__occupation")
    stage = django_filters.MultipleChoiceFilter(choices=MigrationStage.choices)
    closed = django_filters.BooleanFilter(method="by_closed", label="Closed (visa refused or qualification recognised)")
    job_offer_after, job_offer_before = date_range("job_offer_on")
    departed_after, departed_before = date_range("departed_on")
    arrived_after, arrived_before = date_range("arrived_on")

    class Meta:
        model = MigrationCase
        fields = ["partnership", "employer", "placement", "stage"]

    def by_closed(self, queryset, name, value):
        return queryset.filter(stage__in=CLOSED_STAGES) if value else queryset.exclude(stage__in=CLOSED_STAGES)


class RecruitmentFeeFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "placement__skill_need__partnership")
    employer = related("identity.Organisation", "placement__skill_need__employer")
    placement = related("migration_tracks.Placement", "placement")
    country = partnership_country_filter("placement__skill_need__partnership")
    occupation = occupation_filter("placement__skill_need__occupation")
    track = django_filters.ChoiceFilter(field_name="placement__enrollment__track", choices=Track.choices)
    paid_after, paid_before = date_range("paid_on")

    class Meta:
        model = RecruitmentFee
        fields = ["partnership", "employer", "placement", "currency"]


class FollowUpFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "enrollment__cohort__partnership")
    cohort = related("training.Cohort", "enrollment__cohort")
    enrollment = related("training.Enrollment", "enrollment")
    country = country_choice("country")
    occupation = occupation_filter("enrollment__cohort__course__occupation")
    track = django_filters.ChoiceFilter(field_name="enrollment__track", choices=Track.choices)
    months_since_completion = django_filters.TypedChoiceFilter(choices=FOLLOW_UP_MONTHS, coerce=int)
    surveyed_after, surveyed_before = date_range("surveyed_on")

    class Meta:
        model = FollowUp
        fields = ["partnership", "cohort", "enrollment", "months_since_completion", "employed", "same_employer"]
