from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self):
        from partnerships.panels import register_panel

        from .panels import reports_panel

        register_panel(reports_panel)
