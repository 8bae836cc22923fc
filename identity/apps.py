from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Who acts: organisations, the users who act for them (memberships) and partner systems' API tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "identity"
    verbose_name = "Organisations and access"
