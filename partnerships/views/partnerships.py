"""Partnership pages: the list, the page of one (parties, targets, status and lifecycle, amendments, panels of higher
apps), its form, its history and the lifecycle action."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from gsp.access import actor_label, actor_prefetch
from gsp.errors import Refused
from gsp.pages import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    object_urls,
)
from identity.access import scope_of

from ..choices import PartnershipStatus
from ..filtersets import PartnershipFilterSet
from ..forms import PartnershipForm, TransitionForm
from ..models import Partnership
from ..panels import panels_for
from ..services import partnership_transition


def partnership_context(partnership) -> dict:
    """What every page of one partnership (or of a part of it) has in its context: the partnership, and its WHO
    safeguards warning, which `partnerships/_safeguards.html` shows on each of them."""
    return {"partnership": partnership, "safeguards_issue": partnership.safeguards_issue()}


class PartnershipPages:
    """The partnership's pages: the row's joins, and `partnership_context`."""

    model = Partnership
    select_related = ("origin_country", "destination_country", "programme")

    def partnership_context(self, partnership) -> dict:
        return partnership_context(partnership)


def may_add_partnership_part(user) -> bool:
    """Whether a list page offers its Add button: staff, or an editor of a government (the form offers only the
    partnerships the user may edit, and saving checks again)."""
    scope = scope_of(user)
    return scope.is_staff or bool(scope.countries(write=True))


#: How a lifecycle button looks: moving forward is the primary action; going back, suspending and closing are not.
TRANSITION_STYLES = {
    PartnershipStatus.DRAFT: "outline-secondary",
    PartnershipStatus.SUSPENDED: "outline-secondary",
    PartnershipStatus.CLOSED: "outline-danger",
}


class PartnershipListView(PartnershipPages, ObjectListView):
    """The partnerships the user sees, with the API's filters; governments' editors add one."""

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
        return may_add_partnership_part(self.request.user)


class PartnershipDetailView(PartnershipPages, ObjectDetailView):
    """The partnership's page. A refused transition (`refusal`: the status asked for and the reasons) is shown
    above the lifecycle buttons."""

    edit_url_name = "partnerships:partnership_edit"
    delete_url_name = "partnerships:partnership_delete"
    prefetch_related = ("occupations",)
    refusal: tuple[str, list[str]] | None = None

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        context.update(self.partnership_context(obj))
        editable = context["may_edit"]
        context["panels"] = panels_for(obj, self.request.user)
        context["parties"] = [
            (party, reverse("partnerships:partnershipparty_delete", kwargs={"pk": party.pk}) if editable else None)
            for party in obj.parties.select_related("organisation__country")
        ]
        context["transitions"] = self.transitions(obj) if editable else []
        # After a refusal, the note typed is kept.
        note = {"note": self.request.POST.get("note", "")} if self.refusal else None
        context["transition_form"] = TransitionForm(initial=note, user=self.request.user)
        log = obj.transitions.select_related("by").prefetch_related(actor_prefetch("by"))
        context["transition_log"] = [(record, actor_label(record.by) if record.by else None) for record in log]
        context["amendments"] = list(obj.amendments.order_by("-number")[:10])
        context["refusal"] = self.refusal
        context["may_amend"] = editable and obj.is_binding
        return context

    def transitions(self, obj) -> list[dict]:
        """Every move the status may make next, each with the reasons it would be refused now (none: allowed)."""
        return [
            {
                "to": to,
                "label": PartnershipStatus(to).label,
                "errors": obj.transition_errors(to),
                "style": TRANSITION_STYLES.get(to, "primary"),
                "url": reverse("partnerships:partnership_transition", kwargs={"pk": obj.pk, "to_status": to}),
            }
            for to in obj.allowed_transitions()
        ]


class PartnershipHistoryView(PartnershipPages, ObjectHistoryView):
    """The partnership's history tab, under its safeguards warning."""

    template_name = "partnerships/partnership_history.html"

    def get_context_data(self, obj, **context):
        return super().get_context_data(obj, **context) | self.partnership_context(obj)


class PartnershipEditView(PartnershipPages, ObjectEditView):
    """Create or change a partnership (the model validates; once signed, targets change by amendment: 409)."""

    form_class = PartnershipForm
    template_name = "partnerships/partnership_form.html"

    def extra_context(self, form, obj) -> dict:
        return self.partnership_context(obj) if obj else {}


class PartnershipDeleteView(PartnershipPages, ObjectDeleteView):
    """Delete a draft partnership (`deletable_by`)."""


class PartnershipTransitionView(PartnershipPages, ObjectActionView):
    """POST: move the partnership to the status in the URL (`partnership_transition`), with an optional note. A
    refusal (a precondition that does not hold) answers 409 with the partnership's page and the reasons."""

    form_class = TransitionForm
    detail_view = PartnershipDetailView
    success_message = _("The status has changed.")

    def get_object(self):
        if self.kwargs["to_status"] not in PartnershipStatus.values:
            raise Http404
        return super().get_object()

    def get(self, request, *args, **kwargs):
        raise Http404  # the buttons are on the partnership's page

    @property
    def title(self):
        return _("Move to “%(status)s”") % {"status": PartnershipStatus(self.kwargs["to_status"]).label}

    def perform(self, obj, data):
        try:
            return partnership_transition(
                partnership=obj, to_status=self.kwargs["to_status"], user=self.request.user, note=data["note"]
            )
        except Refused as error:
            self.reasons = error.messages  # shown on the partnership's page (`render_form` gets them as form errors)
            raise

    def render_form(self, obj, form, status=200):
        if status == 409:
            return self.refused(obj, self.reasons)
        return super().render_form(obj, form, status)

    def refused(self, obj, reasons):
        view = self.detail_view(refusal=(PartnershipStatus(self.kwargs["to_status"]).label, reasons))
        view.setup(self.request, pk=obj.pk)
        response = view.get(self.request, pk=obj.pk)
        response.status_code = 409
        return response


urlpatterns = [
    *object_urls(
        "partnerships",
        "partnership",
        list=PartnershipListView,
        add=PartnershipEditView,
        detail=PartnershipDetailView,
        edit=PartnershipEditView,
        delete=PartnershipDeleteView,
        history=PartnershipHistoryView,
    ),
    path(
        "partnerships/<int:pk>/transition/<str:to_status>/",
        PartnershipTransitionView.as_view(),
        name="partnership_transition",
    ),
]
