from django.apps import AppConfig


class MigrationTracksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "migration_tracks"
