"""FilterSets of the partnership app, shared by the API and the HTML list views."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gsp.api.filters import BaseFilterSet, date_range, related

from .choices import PartnershipStatus, Track
from .models import Amendment, Partnership, PartnershipCost, PartnershipParty, Programme, SkillNeed


class ProgrammeFilterSet(BaseFilterSet):
    funder = related("identity.Organisation", "funder")

    class Meta:
        model = Programme
        fields = ["funder"]


class PartnershipFilterSet(BaseFilterSet):
    programme = related("partnerships.Programme", "programme")
    country = django_filters.CharFilter(method="by_country", label=_("Origin or destination country (ISO alpha-2)"))
    occupation = django_filters.CharFilter(
        field_name="occupations__code", distinct=True, label=_("Occupation (ISCO-08 code)")
    )
    status = django_filters.MultipleChoiceFilter(choices=PartnershipStatus.choices, label=_("Status"))
    q = django_filters.CharFilter(method="search", label=_("Code or title contains"))

    class Meta:
        model = Partnership
        fields = ["origin_country", "destination_country", "programme", "g2g_agreement"]

    def by_country(self, queryset, name, value):
        return queryset.filter(Q(origin_country=value.upper()) | Q(destination_country=value.upper()))

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class PartnershipPartyFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    organisation = related("identity.Organisation", "organisation")

    class Meta:
        model = PartnershipParty
        fields = ["partnership", "organisation", "role"]


class AmendmentFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")

    class Meta:
        model = Amendment
        fields = ["partnership", "status"]


class PartnershipCostFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    incurred_after, incurred_before = date_range("incurred_on", _("Incurred"))

    class Meta:
        model = PartnershipCost
        fields = ["partnership", "currency"]


class SkillNeedFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    employer = related("identity.Organisation", "employer")
    track = django_filters.ChoiceFilter(choices=Track.choices, method="by_track", label=_("Track"))
    needed_by_after, needed_by_before = date_range("needed_by", _("Needed by"))
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("ISCO-08 code or the code of a group above it")
    )

    class Meta:
        model = SkillNeed
        fields = ["partnership", "employer", "country", "status", "language_level"]

    def by_track(self, queryset, name, value):
        # A need in the destination country is filled by the away track, one in the origin by the home track.
        in_destination = Q(country=F("partnership__destination_country"))
        return queryset.filter(in_destination if value == Track.AWAY else ~in_destination)
