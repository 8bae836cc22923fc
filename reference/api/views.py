"""API viewsets of reference data: read by every signed-in user; rates and domestic costs kept by staff."""

from django.db.models import Exists, OuterRef

from gsp.api.viewsets import DomainViewSet, ReadOnlyRestrictedViewSet

from .. import filtersets as f
from .. import models as m
from . import serializers as s


class CountryViewSet(ReadOnlyRestrictedViewSet):
    """Countries (ISO 3166-1) and their currencies, from pycountry and CLDR."""

    queryset = m.Country.objects.all()
    serializer_class = s.CountrySerializer
    filterset_class = f.CountryFilterSet
    ordering_fields = ["code", "name"]
    pagination_class = None  # 249 short rows: one response is simpler for partner systems

    def get_queryset(self):
        # One subquery instead of asking, country by country, whether it is on the current list.
        on_list = m.HealthSafeguardsList.countries.through.objects.filter(
            healthsafeguardslist__is_current=True, country=OuterRef("pk")
        )
        return super().get_queryset().annotate(on_safeguards_list=Exists(on_list))


class OccupationViewSet(ReadOnlyRestrictedViewSet):
    """ISCO-08 groups: major (1 digit) to unit (4 digits)."""

    queryset = m.Occupation.objects.all()
    serializer_class = s.OccupationSerializer
    filterset_class = f.OccupationFilterSet
    ordering_fields = ["code", "title"]


class HealthSafeguardsListViewSet(ReadOnlyRestrictedViewSet):
    """Versions of the WHO Health Workforce Support and Safeguards List."""

    queryset = m.HealthSafeguardsList.objects.all()
    serializer_class = s.HealthSafeguardsListSerializer
    prefetch_related = ("countries",)


class ExchangeRateViewSet(DomainViewSet):
    """Currency rates: 1 base = rate quote from `date` on. Reports use the latest on or before a cohort's start."""

    queryset = m.ExchangeRate.objects.all()
    serializer_class = s.ExchangeRateSerializer
    filterset_class = f.ExchangeRateFilterSet
    ordering_fields = ["date", "base_currency", "quote_currency"]


class DomesticTrainingCostViewSet(DomainViewSet):
    """What training one worker costs inside a (destination) country, per occupation and year."""

    queryset = m.DomesticTrainingCost.objects.all()
    serializer_class = s.DomesticTrainingCostSerializer
    filterset_class = f.DomesticTrainingCostFilterSet
    ordering_fields = ["year", "country", "occupation"]
