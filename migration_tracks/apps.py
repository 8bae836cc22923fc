from django.apps import AppConfig


class MigrationTracksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "migration_tracks"

    def ready(self):
        from . import grants, menu, services

        grants.register()
        services.register_with_training()
        menu.register_menu()
