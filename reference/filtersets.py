"""FilterSets of reference data, shared by the API and the HTML list views."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gsp.api.filters import BaseFilterSet, date_range

from .models import Country, DomesticTrainingCost, ExchangeRate, Occupation


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code contains"))

    class Meta:
        model = Country
        fields = ["currency"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class OccupationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title contains or code starts with"))
    level = django_filters.NumberFilter(
        method="by_level", label=_("Level: 1 major, 2 sub-major, 3 minor, 4 unit group")
    )

    class Meta:
        model = Occupation
        fields = ["parent"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__startswith=value))

    def by_level(self, queryset, name, value):
        return queryset.filter(code__regex=rf"^[0-9]{{{int(value)}}}$") if 1 <= value <= 4 else queryset.none()


class ExchangeRateFilterSet(BaseFilterSet):
    date_after, date_before = date_range("date", _("Date"))

    class Meta:
        model = ExchangeRate
        fields = ["base_currency", "quote_currency"]


class DomesticTrainingCostFilterSet(BaseFilterSet):
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("ISCO-08 code or the code of a group above it")
    )

    class Meta:
        model = DomesticTrainingCost
        fields = ["country", "year"]
