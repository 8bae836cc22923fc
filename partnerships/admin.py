from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


@admin.register(m.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "funder", "reporting_currency"]
    search_fields = ["code", "title"]


class PartyInline(admin.TabularInline):
    model = m.PartnershipParty
    extra = 0
    autocomplete_fields = ["organisation"]


class CostShareRuleInline(admin.TabularInline):
    model = m.CostShareRule
    extra = 0
    fields = ["valid_from", "track", "category", "payer_role", "share"]


class PartnershipCostInline(admin.TabularInline):
    model = m.PartnershipCost
    extra = 0
    fields = ["incurred_on", "description", "amount", "currency"]


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
    inlines = [PartyInline, CostShareRuleInline, PartnershipCostInline, TransitionInline]


@admin.register(m.PartnershipParty)
class PartnershipPartyAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "organisation", "role"]
    list_filter = ["role", "partnership"]
    search_fields = ["organisation__name", "partnership__code"]


@admin.register(m.CostShareRule)
class CostShareRuleAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "valid_from", "track", "category", "payer_role", "share"]
    list_filter = ["partnership", "valid_from", "track", "category", "payer_role"]


@admin.register(m.Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "partnership", "number", "summary", "status", "effective_date", "origin_approved_at", "destination_approved_at"
    ]  # fmt: skip
    list_filter = ["status", "partnership"]
    search_fields = ["summary", "partnership__code"]
    readonly_fields = ["snapshot_before", "applied_at"]


@admin.register(m.PartnershipCost)
class PartnershipCostAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "incurred_on", "description", "amount", "currency"]
    list_filter = ["partnership", "currency"]
    search_fields = ["description", "partnership__code"]
    date_hierarchy = "incurred_on"
    list_select_related = ["partnership"]


@admin.register(m.SkillNeed)
class SkillNeedAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "employer", "occupation", "country", "positions", "status", "needed_by"]
    list_filter = ["status", "partnership", "country"]
    search_fields = ["employer__name", "occupation__title", "occupation__code"]
    autocomplete_fields = ["employer", "occupation", "country"]
    list_select_related = ["partnership", "employer", "occupation", "country"]
