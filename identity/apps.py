from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Who acts: organisations, the users who act for them (memberships) and partner systems' API tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "identity"
    verbose_name = _("Organisations and access")

    def ready(self):
        from . import menu

        menu.register_menu()
