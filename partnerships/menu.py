"""The partnership app's entries in the site's menu (each page checks access itself; the menu only guides)."""

from django.utils.translation import gettext_lazy as _

from gsp.navigation import MenuItem, register
from identity.access import AGENCY, DONOR, EMPLOYER, GOVERNMENT, TRAINING_PROVIDER, acts_as

GROUP = _("Partnerships")


def register_menu() -> None:
    register(
        MenuItem(
            _("Partnerships"),
            "partnerships:partnership_list",
            GROUP,
            acts_as(GOVERNMENT, AGENCY, DONOR, EMPLOYER, TRAINING_PROVIDER),
            order=10,
        ),
        MenuItem(_("Amendments"), "partnerships:amendment_list", GROUP, acts_as(GOVERNMENT), order=11),
        MenuItem(_("Management costs"), "partnerships:partnershipcost_list", GROUP, acts_as(GOVERNMENT), order=12),
        MenuItem(
            _("Skill needs"),
            "partnerships:skillneed_list",
            GROUP,
            acts_as(EMPLOYER, GOVERNMENT, AGENCY, TRAINING_PROVIDER),
            order=13,
        ),
    )
