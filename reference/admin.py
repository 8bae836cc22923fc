from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


@admin.register(m.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "currency"]
    search_fields = ["code", "name", "currency"]


@admin.register(m.Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "parent"]
    search_fields = ["code", "title"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(m.HealthSafeguardsList)
class HealthSafeguardsListAdmin(admin.ModelAdmin):
    list_display = ["version", "published_on", "is_current"]
    list_filter = ["is_current"]
    filter_horizontal = ["countries"]


@admin.register(m.ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["base_currency", "quote_currency", "date", "rate", "source"]
    list_filter = ["base_currency", "quote_currency"]
    search_fields = ["base_currency", "quote_currency"]
    date_hierarchy = "date"


@admin.register(m.DomesticTrainingCost)
class DomesticTrainingCostAdmin(SimpleHistoryAdmin):
    list_display = ["country", "occupation", "year", "amount", "currency"]
    list_filter = ["country", "year"]
    search_fields = ["occupation__title", "occupation__code"]
    autocomplete_fields = ["occupation", "country"]
