"""FilterSets of the partnership app, shared by the API and the HTML list views."""

import django_filters
from django.db.models import F, Q

from gsp.api.filters import BaseFilterSet, related

from .choices import PartnershipStatus, Track
from .models import (
    Amendment,
    APIToken,
    Country,
    DomesticTrainingCost,
    ExchangeRate,
    Membership,
    Occupation,
    Organisation,
    Partnership,
    PartnershipParty,
    Programme,
    SkillNeed,
)


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or code contains")

    class Meta:
        model = Country
        fields = ["currency"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class OccupationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Title contains or code starts with")
    level = django_filters.NumberFilter(method="by_level", label="1 major, 2 sub-major, 3 minor, 4 unit group")

    class Meta:
        model = Occupation
        fields = ["parent"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__startswith=value))

    def by_level(self, queryset, name, value):
        return queryset.filter(code__regex=rf"^[0-9]{{{int(value)}}}$") if 1 <= value <= 4 else queryset.none()


class OrganisationFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


class MembershipFilterSet(BaseFilterSet):
    organisation = related("partnerships.Organisation", "organisation")

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class ProgrammeFilterSet(BaseFilterSet):
    funder = related("partnerships.Organisation", "funder")

    class Meta:
        model = Programme
        fields = ["funder"]


class PartnershipFilterSet(BaseFilterSet):
    programme = related("partnerships.Programme", "programme")
    country = django_filters.CharFilter(method="by_country", label="Origin or destination country (ISO alpha-2)")
    occupation = django_filters.CharFilter(field_name="occupations__code", distinct=True)
    status = django_filters.MultipleChoiceFilter(choices=PartnershipStatus.choices)
    q = django_filters.CharFilter(method="search", label="Code or title contains")

    class Meta:
        model = Partnership
        fields = ["origin_country", "destination_country", "programme", "g2g_agreement"]

    def by_country(self, queryset, name, value):
        return queryset.filter(Q(origin_country=value.upper()) | Q(destination_country=value.upper()))

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class PartnershipPartyFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    organisation = related("partnerships.Organisation", "organisation")

    class Meta:
        model = PartnershipParty
        fields = ["partnership", "organisation", "role"]


class AmendmentFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")

    class Meta:
        model = Amendment
        fields = ["partnership", "status"]


class SkillNeedFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    employer = related("partnerships.Organisation", "employer")
    track = django_filters.ChoiceFilter(choices=Track.choices, method="by_track")
    needed_by_after = django_filters.DateFilter(field_name="needed_by", lookup_expr="gte")
    needed_by_before = django_filters.DateFilter(field_name="needed_by", lookup_expr="lte")
    occupation = django_filters.CharFilter(field_name="occupation__code", lookup_expr="startswith")

    class Meta:
        model = SkillNeed
        fields = ["partnership", "employer", "country", "status", "language_level"]

    def by_track(self, queryset, name, value):
        # A need in the destination country is filled by the away track, one in the origin by the home track.
        in_destination = Q(country=F("partnership__destination_country"))
        return queryset.filter(in_destination if value == Track.AWAY else ~in_destination)


class ExchangeRateFilterSet(BaseFilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ExchangeRate
        fields = ["base_currency", "quote_currency"]


class DomesticTrainingCostFilterSet(BaseFilterSet):
    occupation = django_filters.CharFilter(field_name="occupation__code", lookup_expr="startswith")

    class Meta:
        model = DomesticTrainingCost
        fields = ["country", "year"]


class APITokenFilterSet(BaseFilterSet):
    organisation = related("partnerships.Organisation", "organisation")

    class Meta:
        model = APIToken
        fields = ["organisation", "role"]
