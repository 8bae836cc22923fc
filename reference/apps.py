from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference data every partnership relies on: countries, ISCO-08, the WHO safeguards list, exchange rates
    and domestic training costs. The bottom app: it imports no other."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reference"
    verbose_name = _("Reference data")
