"""Management costs of partnerships (`PartnershipCost`): coordination, staffing, monitoring. Seen like the
partnership, kept by editors of either government; amounts right-aligned with their currency."""

from django.utils.translation import gettext_lazy as _

from gsp.pages import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    object_urls,
)

from ..filtersets import PartnershipCostFilterSet
from ..forms import PartnershipCostForm
from ..models import PartnershipCost
from .partnerships import may_add_partnership_part, partnership_context


class PartnershipCostPages:
    """What the management cost pages share: the model and its partnership."""

    model = PartnershipCost
    select_related = ("partnership",)


class PartnershipCostListView(PartnershipCostPages, ObjectListView):
    """Management costs the user sees, amounts with their currency; from a partnership's, Add is for it."""

    filterset_class = PartnershipCostFilterSet
    ordering = ("-incurred_on",)
    add_url_name = "partnerships:partnershipcost_add"
    add_label = _("Add a management cost")
    columns = (
        Column("description", _("Description")),
        Column("partnership", _("Partnership"), order_by="partnership__title"),
        Column("incurred_on", _("Incurred on")),
        Column("amount", _("Amount"), currency="currency"),
        Column("currency", _("Currency")),
        Column("updated", _("Last changed")),
    )

    def may_add(self):
        return may_add_partnership_part(self.request.user)

    def add_url(self):
        # From a partnership's costs, the new cost is for that partnership.
        url = super().add_url()
        partnership = self.request.GET.get("partnership", "")
        return f"{url}?partnership={partnership}" if url and partnership.isdigit() else url


class PartnershipCostDetailView(PartnershipCostPages, ObjectDetailView):
    """A management cost, under its partnership's safeguards warning."""

    edit_url_name = "partnerships:partnershipcost_edit"
    delete_url_name = "partnerships:partnershipcost_delete"

    def get_context_data(self, obj, **context):
        return super().get_context_data(obj, **context) | partnership_context(obj.partnership)


class PartnershipCostHistoryView(PartnershipCostPages, ObjectHistoryView):
    """Who changed the cost, when, from what to what."""


class PartnershipCostEditView(PartnershipCostPages, ObjectEditView):
    """Add (`?partnership=` preselects it) or change a cost of a partnership the user edits."""

    form_class = PartnershipCostForm

    def form_kwargs(self, obj) -> dict:
        if obj is None:
            return {"initial": {"partnership": self.request.GET.get("partnership")}}
        return {}


class PartnershipCostDeleteView(PartnershipCostPages, ObjectDeleteView):
    """Delete a management cost."""


urlpatterns = object_urls(
    "partnerships/costs",
    "partnershipcost",
    list=PartnershipCostListView,
    add=PartnershipCostEditView,
    detail=PartnershipCostDetailView,
    edit=PartnershipCostEditView,
    delete=PartnershipCostDeleteView,
    history=PartnershipCostHistoryView,
)
