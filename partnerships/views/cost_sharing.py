"""The cost-sharing grid of a partnership: track × category rows, payer columns, each row totalling 100 %.

Before signature a government editor replaces the whole table (`cost_sharing_replace`: saved as a whole or not at
all); once signed the table is read-only here and changes through an amendment, which adds a version. Every version
is shown, the one in force marked."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from gsp.errors import Refused
from gsp.pages import ObjectDetailView

from ..choices import CostCategory, PayerRole, Track
from ..forms import CostSharingForm, grid_rows
from ..selectors import cost_sharing_table
from ..services import cost_sharing_replace
from .partnerships import PartnershipPages


def share_matrix(rows, payers=None, compare_to=None) -> dict:
    """A version of the table for reading: every grid row (track × category), a cell per payer (None: pays nothing)
    and the row's total. `payers` defaults to those paying something; with `compare_to` (another version's rows),
    each cell also holds the share there (`before`) and whether it differs."""
    shares = {(r["track"], r["category"], r["payer_role"]): Decimal(str(r["share"])) for r in rows}
    other = None
    if compare_to is not None:
        other = {(r["track"], r["category"], r["payer_role"]): Decimal(str(r["share"])) for r in compare_to}
    if payers is None:
        used = {key[2] for key in shares} | ({key[2] for key in other} if other else set())
        payers = [p for p in PayerRole.values if p in used]
    tracks = {}
    for track, category in grid_rows():
        cells = []
        for payer in payers:
            value = shares.get((track, category, payer))
            before = other.get((track, category, payer)) if other is not None else None
            cells.append({"value": value, "before": before, "changed": other is not None and before != value})
        values = [c["value"] for c in cells if c["value"] is not None]
        tracks.setdefault(track, []).append(
            {
                "label": CostCategory(category).label,
                "cells": cells,
                "total": sum(values, Decimal(0)) if values else None,
                "changed": any(c["changed"] for c in cells),
            }
        )
    return {
        "payers": [PayerRole(p).label for p in payers],
        "tracks": [{"label": _track_label(t), "rows": tracks[t]} for t in Track.values],
    }


def _track_label(track: str) -> str:
    return _("Home track") if track == Track.HOME else _("Away track")


class PartnershipCostSharingView(PartnershipPages, ObjectDetailView):
    """GET: the grid (editable before signature by the partnership's editors, read-only otherwise) and every
    version. POST: replace the whole table; a row not totalling 100 % is refused beside that row (400) and nothing
    is saved; a signed partnership's table is refused (409)."""

    template_name = "partnerships/partnership_cost_sharing.html"

    def get(self, request, *args, **kwargs):
        return self.render_grid(self.get_object())

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if not self.may_edit(obj):
            raise PermissionDenied(_("You may see this but not change it."))
        table = cost_sharing_table(obj)
        form = self.grid_form(table, request.POST)
        if not form.is_valid():
            return self.render_grid(obj, form, table, status=400)
        rows = form.share_rows()
        try:
            with transaction.atomic():
                cost_sharing_replace(
                    partnership=obj, rows=rows, valid_from=form.cleaned_data["valid_from"], user=request.user
                )
        except ValidationError as error:
            form.add_service_error(error)
            return self.render_grid(obj, form, table, status=409 if isinstance(error, Refused) else 400)
        messages.success(request, _("The cost-sharing table is saved."))
        return redirect(reverse("partnerships:partnership_cost_sharing", kwargs={"pk": obj.pk}))

    def grid_form(self, table, data=None) -> CostSharingForm:
        return CostSharingForm(data, user=self.request.user, rows=table["rows"], valid_from=table["valid_from"])

    def render_grid(self, obj, form=None, table=None, status: int = 200):
        table = table or cost_sharing_table(obj)
        context = self.get_context_data(obj, tab="cost_sharing")
        context.update(self.partnership_context(obj))
        context["breadcrumbs"] = self.crumbs_for(obj) + [(_("Cost sharing"), None)]
        context["title"] = _("Cost sharing: %(partnership)s") % {"partnership": obj}
        # Editable before signature only; a refused POST on a signed partnership shows its reason, read-only.
        editable = context["may_edit"] and not obj.is_binding
        if editable and form is None:
            form = self.grid_form(table)
        context.update(
            table=table,
            form=form,
            editable=editable,
            payers=PayerRole.choices,
            grid=form.grid() if editable else None,
            in_force=share_matrix(table["rows"]),
            versions=[
                {
                    "valid_from": v["valid_from"],
                    "matrix": share_matrix(v["rows"]),
                    "in_force": v["valid_from"] == table["valid_from"],
                }
                for v in table["versions"]
            ],
        )
        return render(self.request, self.template_name, context, status=status)


urlpatterns = [
    path(
        "partnerships/<int:pk>/cost-sharing/",
        PartnershipCostSharingView.as_view(),
        name="partnership_cost_sharing",
    ),
]
