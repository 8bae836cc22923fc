"""The identity app's entries in the site's menu: webhooks, for organisation admins."""

from django.utils.translation import gettext_lazy as _

from gsp.navigation import MenuItem, register

from .access import Scope


def administers(scope: Scope) -> bool:
    return bool(scope.admin_org_ids())


def register_menu() -> None:
    register(MenuItem(_("Webhooks"), "identity:webhookendpoint_list", _("Organisation"), administers, order=90))
