from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data: the four pilots as partnerships and a login per role (`manage.py seed_demo`). The top app:
    nothing imports it, as NetBox keeps its demo data out of the core."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo data")
