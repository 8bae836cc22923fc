from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from identity.webhooks.payloads import register_serializer
        from partnerships.panels import register_panel

        from .panels import reports_panel

        register_panel(reports_panel)
        register_serializer("reports.reportrun", "reports.api.serializers.ReportRunSerializer")
