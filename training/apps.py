from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from identity.webhooks.payloads import register_serializer
        from partnerships.panels import register_panel

        from . import menu, panels, services

        services.register_with_partnerships()
        menu.register_menu()
        register_panel(panels.targets_panel)
        register_serializer("training.enrollment", "training.api.serializers.EnrollmentSerializer")
