from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


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


@admin.register(m.APIToken)
class APITokenAdmin(admin.ModelAdmin):
    """Tokens are created through the API or `token_create` (the key is shown once); here they are reviewed."""

    list_display = ["name", "organisation", "role", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["name", "organisation__name", "prefix"]
    readonly_fields = ["user", "prefix", "key_hash", "last_used_at", "created_by"]

    def has_add_permission(self, request):
        return False
