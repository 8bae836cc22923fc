"""FilterSets of reference data, shared by the API and the HTML list views."""

import django_filters
from django.db.models import Q

from gsp.api.filters import BaseFilterSet

from .models import Country, DomesticTrainingCost, ExchangeRate, Occupation


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
