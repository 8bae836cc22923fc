"""Partnership pages: the list, the page of one (parties, targets versus actual per track, status and lifecycle),
its form and its history."""

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
from identity.access import scope_of

from ..filtersets import PartnershipFilterSet
from ..forms import PartnershipForm
from ..models import Partnership
from ..panels import panels_for


class PartnershipPages:
    model = Partnership
    select_related = ("origin_country", "destination_country", "programme")


class PartnershipListView(PartnershipPages, ObjectListView):
    filterset_class = PartnershipFilterSet
    ordering = ("code",)
    add_url_name = "partnerships:partnership_add"
    columns = (
        Column("title", _("Title")),
        Column("code", _("Code")),
        Column("origin_country", _("Origin"), order_by="origin_country__name"),
        Column("destination_country", _("Destination"), order_by="destination_country__name"),
        Column("status", _("Status")),
        Column("target_home", _("Target home"), numeric=True),
        Column("target_away", _("Target away"), numeric=True),
        Column("start_date", _("Start")),
        Column("updated", _("Last changed")),
    )

    def may_add(self):
        scope = scope_of(self.request.user)
        return scope.is_staff or bool(scope.countries(write=True))


class PartnershipDetailView(PartnershipPages, ObjectDetailView):
    edit_url_name = "partnerships:partnership_edit"
    delete_url_name = "partnerships:partnership_delete"
    prefetch_related = ("occupations",)

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        context["panels"] = panels_for(obj, self.request.user)
        return context


class PartnershipHistoryView(PartnershipPages, ObjectHistoryView):
    pass


class PartnershipEditView(PartnershipPages, ObjectEditView):
    form_class = PartnershipForm


class PartnershipDeleteView(PartnershipPages, ObjectDeleteView):
    pass


urlpatterns = object_urls(
    "partnerships",
    "partnership",
    list=PartnershipListView,
    add=PartnershipEditView,
    detail=PartnershipDetailView,
    edit=PartnershipEditView,
    delete=PartnershipDeleteView,
    history=PartnershipHistoryView,
)
