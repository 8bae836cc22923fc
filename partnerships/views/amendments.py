"""Amendments of signed partnerships: the list, an amendment's page (what it changes, the current and proposed
versions side by side, approvals), its history, proposing one, and each government's approval or rejection.

Which government a user approves for is `selectors.approving_side`, as in the API."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gsp.access import actor_label
from gsp.pages import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    detail_url,
    object_urls,
)

from ..choices import AmendmentStatus, PayerRole
from ..filtersets import AmendmentFilterSet
from ..forms import AmendmentForm, PartnershipChoiceForm
from ..models import Amendment
from ..selectors import SIDES, approving_side, cost_sharing_table
from ..services import amendment_approve, amendment_propose, amendment_reject
from .cost_sharing import share_matrix
from .partnerships import PartnershipPages, may_add_partnership_part, partnership_context


class AmendmentPages:
    """What the amendment pages share: the model, its partnership's countries, the safeguards warning."""

    model = Amendment
    select_related = ("partnership__origin_country", "partnership__destination_country")

    def partnership_context(self, amendment) -> dict:
        return partnership_context(amendment.partnership)

    def crumbs_for(self, obj):
        return [self.list_crumb(), (_("Amendment %(number)s") % {"number": obj.number}, detail_url(obj))]


class AmendmentListView(AmendmentPages, ObjectListView):
    """Amendments of the partnerships the user sees, with the API's filters."""

    filterset_class = AmendmentFilterSet
    ordering = ("-updated",)
    add_url_name = "partnerships:amendment_choose"
    add_label = gettext_lazy("Propose an amendment")
    columns = (
        Column("summary", gettext_lazy("Summary")),
        Column("partnership", gettext_lazy("Partnership"), order_by="partnership__title"),
        Column("number", gettext_lazy("No."), numeric=True),
        Column("status", gettext_lazy("Status")),
        Column("effective_date", gettext_lazy("Effective date")),
        Column("origin_approved_at", gettext_lazy("Approved by the origin")),
        Column("destination_approved_at", gettext_lazy("Approved by the destination")),
        Column("updated", gettext_lazy("Last changed")),
    )

    def may_add(self):
        return may_add_partnership_part(self.request.user)


def comparison(amendment: Amendment) -> dict:
    """The agreement before and after the amendment: for one applied, as it was (`snapshot_before`) and as it
    changed; otherwise as it is now and as proposed. Targets, and the cost-sharing table when it changes."""
    changes = amendment.changes
    if amendment.status == AmendmentStatus.APPLIED and amendment.snapshot_before:
        before = amendment.snapshot_before
    else:
        p = amendment.partnership
        before = {"target_home": p.target_home, "target_away": p.target_away}
        if "cost_sharing" in changes:
            before["cost_sharing"] = cost_sharing_table(p)["rows"]
    targets = [
        {
            "label": label,
            "before": before.get(key),
            "after": changes.get(key, before.get(key)),
            "changed": key in changes and changes[key] != before.get(key),
        }
        for key, label in (("target_home", _("Home track")), ("target_away", _("Away track")))
    ]
    tables = None
    # One table holds both versions: each cell the share before and the share after, the changes marked.
    if isinstance(changes.get("cost_sharing"), list):
        old, new = before.get("cost_sharing") or [], changes["cost_sharing"]
        used = {r["payer_role"] for r in [*old, *new]}
        payers = [p for p in PayerRole.values if p in used]
        tables = share_matrix(new, payers, compare_to=old)
    return {"targets": targets, "table": tables}


class AmendmentDetailView(AmendmentPages, ObjectDetailView):
    """The amendment: what it changes side by side with the agreement, who approved it, and the Approve / Reject
    buttons for a government editor of either side while it is proposed."""

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context) | self.partnership_context(obj)
        user = self.request.user
        proposed = obj.status == AmendmentStatus.PROPOSED
        side = approving_side(obj, user)
        # Staff act for either side and name it; a government editor for their own country's.
        sides = list(SIDES) if user.is_staff else [side] if side else []
        context["decisions"] = (
            [
                {
                    "side": s,
                    "country": getattr(obj.partnership, f"{s}_country").name,
                    "approved": getattr(obj, f"{s}_approved_at"),
                }
                for s in sides
            ]
            if proposed and context["may_edit"]
            else []
        )
        context["approvals"] = [
            {
                "side": s,
                "label": _side_label(obj, s),
                "at": getattr(obj, f"{s}_approved_at"),
                "by": actor_label(getattr(obj, f"{s}_approved_by")) if getattr(obj, f"{s}_approved_by_id") else None,
            }
            for s in SIDES
        ]
        context["proposed_by"] = actor_label(obj.proposed_by) if obj.proposed_by_id else None
        context["comparison"] = comparison(obj)
        context["approve_url"] = reverse("partnerships:amendment_approve", kwargs={"pk": obj.pk})
        context["reject_url"] = reverse("partnerships:amendment_reject", kwargs={"pk": obj.pk})
        context["partnership_url"] = detail_url(obj.partnership)
        return context


def _side_label(amendment: Amendment, side: str) -> str:
    country = getattr(amendment.partnership, f"{side}_country")
    if side == "origin":
        return _("Origin government (%(country)s)") % {"country": country.name}
    return _("Destination government (%(country)s)") % {"country": country.name}


class AmendmentHistoryView(AmendmentPages, ObjectHistoryView):
    """The amendment's history tab (proposal, each approval, application)."""

    template_name = "partnerships/amendment_history.html"

    def get_context_data(self, obj, **context):
        return super().get_context_data(obj, **context) | self.partnership_context(obj)


class AmendmentDecisionView(AmendmentPages, ObjectActionView):
    """POST: approve or reject for the user's government (`approving_side`; staff post `side`). Others: 403; an
    amendment no longer proposed: 409 with the reason on its page."""

    detail_view = AmendmentDetailView

    def side(self, amendment) -> str:
        side = approving_side(amendment, self.request.user, self.request.POST.get("side", ""))
        if side is None:
            raise PermissionDenied(_("Only an editor of the origin or destination government may approve."))
        return side


class AmendmentApproveView(AmendmentDecisionView):
    """Approve for the user's government; applied once both have approved."""

    success_message = gettext_lazy("Approved for your government. The amendment applies once both have approved.")

    def perform(self, obj, data):
        return amendment_approve(amendment=obj, side=self.side(obj), user=self.request.user)


class AmendmentRejectView(AmendmentDecisionView):
    """Reject for the user's government (final)."""

    success_message = gettext_lazy("The amendment is rejected.")

    def perform(self, obj, data):
        self.side(obj)
        return amendment_reject(amendment=obj, user=self.request.user)


class AmendmentProposeView(PartnershipPages, ObjectActionView):
    """Propose an amendment to a signed partnership (`amendment_propose`): new targets and/or a new whole
    cost-sharing table from an effective date. Invalid changes: 400 beside their fields or rows; an unsigned
    partnership: 409."""

    form_class = AmendmentForm
    template_name = "partnerships/amendment_form.html"
    success_message = gettext_lazy("The amendment is proposed. It applies once both governments have approved it.")

    def form_kwargs(self, obj) -> dict:
        return {"partnership": obj, "rows": cost_sharing_table(obj)["rows"]}

    def perform(self, obj, data):
        return amendment_propose(
            partnership=obj,
            summary=data["summary"],
            changes=AmendmentForm.changes(data),
            effective_date=data["effective_date"],
            user=self.request.user,
        )

    def next_url(self, obj, result) -> str:
        return detail_url(result)

    def render_form(self, obj, form, status: int = 200):
        title = _("Propose an amendment to %(partnership)s") % {"partnership": obj}
        context = {
            "object": obj,
            "form": form,
            "title": title,
            "breadcrumbs": self.crumbs_for(obj) + [(title, None)],
            "cancel_url": detail_url(obj),
            "grid": form.grid(),
            "payers": PayerRole.choices,
            **self.partnership_context(obj),
        }
        return render(self.request, self.template_name, context, status=status)


class AmendmentChooseView(LoginRequiredMixin, View):
    """The first step of proposing from the amendments list: which signed partnership (`?partnership=`)."""

    def get(self, request):
        form = PartnershipChoiceForm(request.GET or None, user=request.user)
        if form.is_bound and form.is_valid():
            return redirect("partnerships:amendment_add", pk=form.cleaned_data["partnership"].pk)
        title = _("Propose an amendment")
        context = {
            "form": form,
            "title": title,
            "breadcrumbs": [(_("Amendments"), reverse("partnerships:amendment_list")), (title, None)],
            "cancel_url": reverse("partnerships:amendment_list"),
        }
        return render(request, "partnerships/amendment_choose.html", context, status=400 if form.is_bound else 200)


urlpatterns = [
    *object_urls(
        "partnerships/amendments",
        "amendment",
        list=AmendmentListView,
        detail=AmendmentDetailView,
        history=AmendmentHistoryView,
    ),
    path("partnerships/amendments/add/", AmendmentChooseView.as_view(), name="amendment_choose"),
    path("partnerships/<int:pk>/amendments/add/", AmendmentProposeView.as_view(), name="amendment_add"),
    path("partnerships/amendments/<int:pk>/approve/", AmendmentApproveView.as_view(), name="amendment_approve"),
    path("partnerships/amendments/<int:pk>/reject/", AmendmentRejectView.as_view(), name="amendment_reject"),
]
