from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


class RecruitmentFeeInline(admin.TabularInline):
    model = m.RecruitmentFee
    extra = 0


@admin.register(m.Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = [
        "enrollment", "skill_need", "status", "offered_on", "started_on", "declined_on", "withdrawn_on", "wage_amount",
        "wage_currency", "wage_period",
    ]  # fmt: skip
    list_filter = ["status", "skill_need__partnership"]
    search_fields = ["enrollment__trainee__family_name", "skill_need__employer__name"]
    raw_id_fields = ["enrollment", "skill_need"]
    list_select_related = ["enrollment__trainee", "skill_need__employer", "skill_need__occupation"]
    inlines = [RecruitmentFeeInline]


@admin.register(m.MigrationCase)
class MigrationCaseAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "stage", "job_offer_on", "visa_granted_on", "departed_on", "arrived_on", "returned_on"]
    list_filter = ["stage"]
    raw_id_fields = ["placement"]


@admin.register(m.RecruitmentFee)
class RecruitmentFeeAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "amount", "currency", "payee", "paid_on"]
    raw_id_fields = ["placement"]


@admin.register(m.FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["enrollment", "months_since_completion", "surveyed_on", "employed", "country", "same_employer"]
    list_filter = ["months_since_completion", "employed", "same_employer", "country"]
    raw_id_fields = ["enrollment"]
