"""The migration app's entries in the site's menu (each page checks access itself; the menu only guides)."""

from django.utils.translation import gettext_lazy as _

from gsp.navigation import MenuItem, register
from identity.access import AGENCY, EMPLOYER, GOVERNMENT, TRAINING_PROVIDER, acts_as

GROUP = _("Migration")


def register_menu() -> None:
    register(
        MenuItem(
            _("Placements"),
            "migration_tracks:placement_list",
            GROUP,
            acts_as(EMPLOYER, TRAINING_PROVIDER, AGENCY, GOVERNMENT),
            order=30,
        ),
        MenuItem(
            _("Migration cases"), "migration_tracks:migrationcase_list", GROUP, acts_as(AGENCY, GOVERNMENT), order=31
        ),
        MenuItem(
            _("Follow-ups due"),
            "migration_tracks:followups_due",
            GROUP,
            acts_as(TRAINING_PROVIDER, AGENCY, GOVERNMENT),
            order=32,
        ),
    )
