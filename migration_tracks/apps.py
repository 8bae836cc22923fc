from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationTracksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "migration_tracks"
    verbose_name = _("Placements and migration")

    def ready(self):
        from identity.webhooks.payloads import register_serializer

        from . import grants, menu, services
        from .views import extras, intake

        grants.register()
        services.register_with_training()
        menu.register_menu()
        extras.register()  # the placements shown on the partnership and skill-need pages
        # What webhooks carry about placements and journeys: what the API shows the endpoint's organisation.
        register_serializer("migration_tracks.placement", "migration_tracks.api.serializers.PlacementSerializer")
        register_serializer(
            "migration_tracks.migrationcase", "migration_tracks.api.serializers.MigrationCaseSerializer"
        )
        intake.register()  # the intake plan on the partnership page
