"""FilterSets of placements, journeys, recruitment fees and follow-ups, shared by the API and the HTML lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

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
from .fees import with_fee_totals
from .models import FollowUp, MigrationCase, Placement, RecruitmentFee


class PlacementFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "skill_need__partnership", label=_("Partnership"))
    employer = related("identity.Organisation", "skill_need__employer", label=_("Employer"))
    skill_need = related("partnerships.SkillNeed", "skill_need", label=_("Skill need"))
    enrollment = related("training.Enrollment", "enrollment", label=_("Enrollment"))
    trainee = related("training.Trainee", "enrollment__trainee", label=_("Trainee"))
    cohort = related("training.Cohort", "enrollment__cohort", label=_("Cohort"))
    country = country_choice("skill_need__country", label=_("Country of the job"))
    occupation = occupation_filter("skill_need__occupation")
    track = django_filters.ChoiceFilter(field_name="enrollment__track", choices=Track.choices, label=_("Track"))
    status = django_filters.MultipleChoiceFilter(choices=PlacementStatus.choices, label=_("Status"))
    offered_after, offered_before = date_range("offered_on", _("Offered"))
    started_after, started_before = date_range("started_on", _("Started"))
    over_fee_cap = django_filters.BooleanFilter(
        method="by_over_fee_cap", label=_("Recruitment fees over the agreement's cap")
    )

    class Meta:
        model = Placement
        fields = ["partnership", "employer", "skill_need", "enrollment", "status", "track"]

    def by_over_fee_cap(self, queryset, name, value):
        """The one definition (`migration_tracks.fees.with_fee_totals`); unknown (a missing rate) is neither."""
        if "over_fee_cap" not in queryset.query.annotations:
            queryset = with_fee_totals(queryset)
        return queryset.filter(over_fee_cap=value)


class MigrationCaseFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "placement__skill_need__partnership", label=_("Partnership"))
    employer = related("identity.Organisation", "placement__skill_need__employer", label=_("Employer"))
    placement = related("migration_tracks.Placement", "placement", label=_("Placement"))
    country = partnership_country_filter("placement__skill_need__partnership")
    occupation = occupation_filter("placement__skill_need__occupation")
    stage = django_filters.MultipleChoiceFilter(choices=MigrationStage.choices, label=_("Stage"))
    closed = django_filters.BooleanFilter(
        method="by_closed", label=_("Closed (visa refused or qualification recognised)")
    )
    stalled = django_filters.BooleanFilter(
        method="by_stalled", label=_("Stalled (open, at its stage longer than the partnership's threshold)")
    )
    job_offer_after, job_offer_before = date_range("job_offer_on", _("Job offer"))
    departed_after, departed_before = date_range("departed_on", _("Departed"))
    arrived_after, arrived_before = date_range("arrived_on", _("Arrived"))

    class Meta:
        model = MigrationCase
        fields = ["partnership", "employer", "placement", "stage"]

    def by_closed(self, queryset, name, value):
        return queryset.filter(stage__in=CLOSED_STAGES) if value else queryset.exclude(stage__in=CLOSED_STAGES)

    def by_stalled(self, queryset, name, value):
        # `stalled` is annotated by `with_journey` (the API and the pages annotate it; a bare queryset gets it here).
        if "stalled" not in queryset.query.annotations:
            queryset = queryset.with_journey()
        return queryset.filter(stalled=value)


class RecruitmentFeeFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "placement__skill_need__partnership", label=_("Partnership"))
    employer = related("identity.Organisation", "placement__skill_need__employer", label=_("Employer"))
    placement = related("migration_tracks.Placement", "placement", label=_("Placement"))
    country = partnership_country_filter("placement__skill_need__partnership")
    occupation = occupation_filter("placement__skill_need__occupation")
    track = django_filters.ChoiceFilter(
        field_name="placement__enrollment__track", choices=Track.choices, label=_("Track")
    )
    paid_after, paid_before = date_range("paid_on", _("Paid"))

    class Meta:
        model = RecruitmentFee
        fields = ["partnership", "employer", "placement", "currency"]


class FollowUpFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "enrollment__cohort__partnership", label=_("Partnership"))
    cohort = related("training.Cohort", "enrollment__cohort", label=_("Cohort"))
    enrollment = related("training.Enrollment", "enrollment", label=_("Enrollment"))
    country = country_choice("country", label=_("Country"))
    occupation = occupation_filter("enrollment__cohort__course__occupation")
    track = django_filters.ChoiceFilter(field_name="enrollment__track", choices=Track.choices, label=_("Track"))
    months_since_completion = django_filters.TypedChoiceFilter(
        choices=FOLLOW_UP_MONTHS, coerce=int, label=_("Months since completion")
    )
    surveyed_after, surveyed_before = date_range("surveyed_on", _("Surveyed"))

    class Meta:
        model = FollowUp
        fields = ["partnership", "cohort", "enrollment", "months_since_completion", "employed", "same_employer"]
