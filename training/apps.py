from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"

    def ready(self):
        from . import menu, services

        services.register_with_partnerships()
        menu.register_menu()
