from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from . import grants, menu

        grants.register()
        menu.register_menu()
