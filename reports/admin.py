from django.contrib import admin

from .models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "partnership", "programme", "status", "progress", "requested_by", "created", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["partnership__code", "programme__code"]
    readonly_fields = ["result", "error", "started_at", "finished_at"]
