from django.contrib import admin
from django.db import models
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


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(m.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "sector"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "sector"]
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(m.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(m.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "funder"]
    search_fields = ["code", "title"]


class PartyInline(admin.TabularInline):
    model = m.PartnershipParty
    extra = 0
    autocomplete_fields = ["organisation"]


class CostShareRuleInline(admin.TabularInline):
    model = m.CostShareRule
    extra = 0


class TransitionInline(admin.TabularInline):
    model = m.PartnershipTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "origin_country", "destination_country", "status", "programme", "g2g_agreement"]
    list_filter = ["status", "programme", "origin_country", "destination_country", "g2g_agreement"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["origin_country", "destination_country", "programme"]
    filter_horizontal = ["occupations"]
    readonly_fields = ["status"]  # moves only through the lifecycle methods, which check and record
    inlines = [PartyInline, CostShareRuleInline, TransitionInline]


@admin.register(m.PartnershipParty)
class PartnershipPartyAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "organisation", "role"]
    list_filter = ["role", "partnership"]
    search_fields = ["organisation__name", "partnership__code"]


@admin.register(m.CostShareRule)
class CostShareRuleAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "track", "category", "payer_role", "share"]
    list_filter = ["partnership", "track", "category", "payer_role"]


@admin.register(m.Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "number", "summary", "status", "origin_approved_at", "destination_approved_at"]
    list_filter = ["status", "partnership"]
    search_fields = ["summary", "partnership__code"]
    readonly_fields = ["snapshot_before", "applied_at"]


@admin.register(m.SkillNeed)
class SkillNeedAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "employer", "occupation", "country", "positions", "status", "needed_by"]
    list_filter = ["status", "partnership", "country"]
    search_fields = ["employer__name", "occupation__title", "occupation__code"]
    autocomplete_fields = ["employer", "occupation", "country"]
    list_select_related = ["partnership", "employer", "occupation", "country"]


@admin.register(m.APIToken)
class APITokenAdmin(admin.ModelAdmin):
    """Tokens are created through the API or `token_create` (the key is shown once); here they are reviewed."""

    list_display = ["name", "organisation", "role", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["name", "organisation__name", "prefix"]
    readonly_fields = ["user", "prefix", "key_hash", "last_used_at", "created_by"]

    def has_add_permission(self, request):
        return False
