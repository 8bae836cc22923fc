"""API representations of reference data."""

from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, DomainSerializer

from ..models import Country, DomesticTrainingCost, ExchangeRate, HealthSafeguardsList, Occupation


class CountrySerializer(serializers.ModelSerializer):
    on_safeguards_list = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Country
        fields = ["code", "name", "currency", "on_safeguards_list"]


class OccupationSerializer(DomainSerializer):
    level = serializers.IntegerField(read_only=True)
    is_health = serializers.BooleanField(read_only=True)

    class Meta:
        model = Occupation
        fields = ["code", "title", "parent", "level", "is_health"]


class HealthSafeguardsListSerializer(DomainSerializer):
    class Meta:
        model = HealthSafeguardsList
        fields = ["id", "version", "source", "published_on", "is_current", "countries", *TIMESTAMPS]


class ExchangeRateSerializer(DomainSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["id", "base_currency", "quote_currency", "date", "rate", "source", *TIMESTAMPS]


class DomesticTrainingCostSerializer(DomainSerializer):
    class Meta:
        model = DomesticTrainingCost
        fields = ["id", "country", "occupation", "year", "amount", "currency", "source", *TIMESTAMPS]
