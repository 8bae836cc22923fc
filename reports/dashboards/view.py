"""The dashboard page: the panels of the user's roles, in a fixed order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from identity.access import scope_of

from .agency import agency_panel
from .base import DashboardPanel
from .centre import centre_panel
from .donor import donor_panel
from .employer import employer_panel
from .fees import fees_panel
from .journeys import journeys_panel
from .ministry import ministry_panel
from .staff import staff_panel

#: Each maps (user, scope) to a panel, or None when the user does not hold that role.
PANELS = (
    staff_panel,
    ministry_panel,
    fees_panel,
    employer_panel,
    centre_panel,
    agency_panel,
    journeys_panel,
    donor_panel,
)


def panels_for(user) -> list[DashboardPanel]:
    scope = scope_of(user)
    return [panel for make in PANELS if (panel := make(user, scope)) is not None]


@login_required
@require_GET
def dashboard(request):
    """What needs the signed-in user's attention now, one panel per role."""
    context = {"title": _("Dashboard"), "panels": panels_for(request.user)}
    return render(request, "dashboard/dashboard.html", context)
