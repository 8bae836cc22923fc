"""Parties of partnerships (`PartnershipParty`): which organisation takes part in which role. Added and removed from
the partnership's page by its editors; a list of every party the user may see."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from gsp.pages import Column, ObjectDeleteView, ObjectEditView, ObjectListView, detail_url

from ..filtersets import PartnershipPartyFilterSet
from ..forms import PartnershipPartyForm
from ..models import PartnershipParty
from .partnerships import may_add_partnership_part


class PartnershipPartyPages:
    """What the party pages share: the model, and breadcrumbs through the partnership."""

    model = PartnershipParty
    select_related = ("partnership", "organisation__country")

    def crumbs_for(self, obj):
        partnership = obj.partnership
        return [
            (str(partnership._meta.verbose_name_plural).capitalize(), reverse("partnerships:partnership_list")),
            (str(partnership), detail_url(partnership)),
            (str(obj.organisation), None),
        ]


class PartnershipPartyListView(PartnershipPartyPages, ObjectListView):
    """Every party of the partnerships the user sees, with the API's filters."""

    filterset_class = PartnershipPartyFilterSet
    ordering = ("partnership__code", "role")
    add_url_name = "partnerships:partnershipparty_add"
    add_label = _("Add a party")
    columns = (
        Column("organisation", _("Organisation"), order_by="organisation__name"),
        Column("organisation.country", _("Country"), order_by="organisation__country__name"),
        Column("role", _("Role")),
        Column("partnership", _("Partnership"), order_by="partnership__title"),
        Column("updated", _("Last changed")),
    )

    def may_add(self):
        return may_add_partnership_part(self.request.user)


class PartnershipPartyAddView(PartnershipPartyPages, ObjectEditView):
    """Add a party (`?partnership=` preselects it); back to the partnership's page once saved."""

    form_class = PartnershipPartyForm

    def form_kwargs(self, obj) -> dict:
        return {"initial": {"partnership": self.request.GET.get("partnership")}}

    def success_url(self, obj) -> str:
        return detail_url(obj.partnership)


class PartnershipPartyDeleteView(PartnershipPartyPages, ObjectDeleteView):
    """Remove a party; back to the partnership's page."""

    def delete(self, obj) -> None:
        self.partnership_url = detail_url(obj.partnership)
        obj.delete()

    def list_url(self):
        return getattr(self, "partnership_url", None) or super().list_url()

    def render_confirm(self, obj, status: int = 200, error: str = ""):
        context = {
            "object": obj,
            "title": _("Remove %(party)s") % {"party": obj},
            "breadcrumbs": self.crumbs_for(obj) + [(_("Remove"), None)],
            "cancel_url": detail_url(obj.partnership),
            "error": error,
        }
        return render(self.request, self.template_name, context, status=status)


urlpatterns = [
    path("partnerships/parties/", PartnershipPartyListView.as_view(), name="partnershipparty_list"),
    path("partnerships/parties/add/", PartnershipPartyAddView.as_view(), name="partnershipparty_add"),
    path("partnerships/parties/<int:pk>/delete/", PartnershipPartyDeleteView.as_view(), name="partnershipparty_delete"),
]
