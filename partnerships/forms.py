"""Forms of the partnership pages. Validation is the model's (`DomainForm` runs `full_clean`) and the services', as in
the API; a form only collects input and puts the errors beside the fields (or rows) they concern."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gsp.forms import NOTE_HELP, DateInput, DomainForm, StyledForm, add_service_error

from .choices import CostCategory, PayerRole, Track
from .cost_sharing import table_problems
from .models import CostShareRule, Partnership, PartnershipCost, PartnershipParty


class PartnershipForm(DomainForm):
    """A partnership's own fields (its status moves only through the lifecycle)."""

    class Meta:
        model = Partnership
        fields = [
            "code",
            "title",
            "description",
            "programme",
            "origin_country",
            "destination_country",
            "start_date",
            "end_date",
            "reporting_currency",
            "target_home",
            "target_away",
            "occupations",
            "g2g_agreement",
            "recruitment_fee_cap",
            "stall_threshold_days",
        ]


class TransitionForm(StyledForm):
    """The optional note recorded with a move of a partnership's status."""

    note = forms.CharField(
        label=_("Note"), required=False, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- the cost-sharing grid ----------------------------------------------------------------------------------------


def grid_rows() -> list[tuple[str, str]]:
    """The rows of the grid: every category each track splits (`CostCategory.for_track`), home track first."""
    return [(track, category) for track in Track.values for category in CostCategory.for_track(track)]


def share_name(track: str, category: str, payer: str) -> str:
    """The name and id of a cell's input: `share-<track>-<category>-<payer>` (a browser test fills the grid by it)."""
    return f"share-{track}-{category}-{payer}"


def row_key(track: str, category: str) -> str:
    return f"{track}-{category}"


def share_rows(data: dict) -> list[dict]:
    """The cells of a grid's cleaned data (`share-<track>-<category>-<payer>`) as rows of the table: one per share
    other than 0 (an empty cell is a payer that pays nothing)."""
    rows = []
    for track, category in grid_rows():
        for payer in PayerRole.values:
            value = data.get(share_name(track, category, payer))
            if value:
                rows.append({"track": track, "category": category, "payer_role": payer, "share": value})
    return rows


def _plain(share) -> str:
    """A stored share as one types it: 70, 33.5, 33.33 (not 70.00)."""
    text = f"{Decimal(str(share)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        return None


class ShareGridMixin:
    """A form holding a whole cost-sharing table: one percentage input per track × category × payer role.

    An empty cell (or 0) is a payer that pays nothing. The rule that each row totals 100 % is not checked here: the
    service checks it (`cost_sharing.table_problems`), and `add_table_error` puts each of its messages beside the
    row it concerns."""

    def add_share_fields(self, rows=()) -> None:
        self.row_errors: dict[tuple[str, str], list[str]] = defaultdict(list)
        initial = {share_name(r["track"], r["category"], r["payer_role"]): r["share"] for r in rows}
        share = CostShareRule._meta.get_field("share")
        for track, category in grid_rows():
            for payer in PayerRole.values:
                name = share_name(track, category, payer)
                self.fields[name] = share.formfield(
                    required=False,
                    label=_("%(payer)s, %(category)s, %(track)s (%%)")
                    % {
                        "payer": PayerRole(payer).label,
                        "category": CostCategory(category).label,
                        "track": _track(track),
                    },
                    help_text="",
                    widget=forms.NumberInput(
                        attrs={
                            "class": "form-control-sm text-end gsp-share",
                            "step": "0.01",
                            "min": "0",
                            "max": "100",
                            "inputmode": "decimal",
                            "data-grid-row": row_key(track, category),
                        }
                    ),
                )
                if name in initial:
                    self.initial[name] = _plain(initial[name])

    def share_rows(self) -> list[dict]:
        """The table as the services take it: one row per cell holding a share other than 0."""
        return share_rows(self.cleaned_data)

    def add_table_error(self, error: ValidationError, key: str, rows, *, require_complete: bool = False) -> None:
        """A service's error: the messages under `key` that concern one row of the table go beside that row; the
        rest above the form or beside their field, as `add_service_error` does."""
        placed = {message: row for row, message in table_problems(rows, require_complete=require_complete) if row}
        if not hasattr(error, "error_dict") or key not in error.error_dict:
            add_service_error(self, error)
            return
        others = {k: v for k, v in error.error_dict.items() if k != key}
        rest = []
        for message in ValidationError(error.error_dict[key]).messages:
            if message in placed:
                self.row_errors[placed[message]].append(message)
            else:
                rest.append(message)
        if rest:
            others[key] = rest
        if others:
            add_service_error(self, ValidationError(others))
        for track, category in self.row_errors:
            for payer in PayerRole.values:
                attrs = self.fields[share_name(track, category, payer)].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["class"] += " is-invalid"
                described = [*attrs.get("aria-describedby", "").split(), f"row-error-{row_key(track, category)}"]
                attrs["aria-describedby"] = " ".join(described)

    @property
    def has_row_errors(self) -> bool:
        return any(self.row_errors.values())

    def grid(self) -> list[dict]:
        """The grid as its template draws it: per track, its rows, each with its cells, running total and errors."""
        tracks = []
        for track in Track.values:
            rows = []
            for category in CostCategory.for_track(track):
                cells = [self[share_name(track, category, payer)] for payer in PayerRole.values]
                values = [_decimal(cell.value()) for cell in cells]
                rows.append(
                    {
                        "key": row_key(track, category),
                        "label": CostCategory(category).label,
                        "cells": cells,
                        "total": sum((v for v in values if v is not None), Decimal(0)),
                        "blank": all(v is None or v == 0 for v in values),
                        "errors": self.row_errors.get((track, category), []),
                    }
                )
            tracks.append({"track": track, "label": _track(track), "rows": rows})
        return tracks


def _track(track: str) -> str:
    return _("Home track") if track == Track.HOME else _("Away track")


class CostSharingForm(ShareGridMixin, StyledForm):
    """The whole cost-sharing table of a partnership before signature, and the day it applies from."""

    valid_from = forms.DateField(
        label=_("Applies from"),
        required=False,
        widget=DateInput(),
        help_text=_("The first day this table applies (to cohorts starting then). Empty: as now."),
    )

    def __init__(self, *args, rows=(), valid_from=None, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = valid_from
        self.add_share_fields(rows)

    def add_service_error(self, error: ValidationError) -> None:
        """`cost_sharing_replace`'s errors: those of a row beside it."""
        self.add_table_error(error, "rows", self.share_rows())


# --- amendments ---------------------------------------------------------------------------------------------------


class PartnershipChoiceForm(StyledForm):
    """Which partnership an amendment is for: the signed ones the user may edit."""

    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=Partnership.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editable = Partnership.objects.editable_by(self.user).select_related("origin_country", "destination_country")
        # Only a signed agreement is amended (`Partnership.is_binding`); before signature it is edited directly.
        self.fields["partnership"].queryset = editable.filter(pk__in=[p.pk for p in editable if p.is_binding])


class AmendmentForm(ShareGridMixin, StyledForm):
    """A proposed amendment: new targets and/or a whole new cost-sharing table from an effective date. What it
    proposes is checked by the model (`Amendment.clean`) and `amendment_propose`, as in the API."""

    summary = forms.CharField(label=_("Summary"), max_length=300, help_text=_("What changes and why, in a line."))
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=DateInput(),
        help_text=_("The first day the change applies; a new cost-sharing table starts then. Empty: the day both "
                    "governments have approved it."),
    )  # fmt: skip
    change_cost_sharing = forms.BooleanField(
        label=_("Propose a new cost-sharing table"),
        required=False,
        help_text=_("The whole table below becomes a new version, in force from the effective date."),
    )

    def __init__(self, *args, partnership: Partnership, rows=(), **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        for key, label in (("target_home", _("New home-track target")), ("target_away", _("New away-track target"))):
            self.fields[key] = Partnership._meta.get_field(key).formfield(
                required=False,
                initial=None,
                label=label,
                help_text=_("Now %(target)s trainees. Empty: unchanged.") % {"target": getattr(partnership, key)},
            )
        self.order_fields(["summary", "target_home", "target_away", "effective_date", "change_cost_sharing"])
        self.add_share_fields(rows)

    @staticmethod
    def changes(data: dict) -> dict:
        """The `changes` of the amendment (`Amendment.CHANGE_KEYS`) from the cleaned data: the targets given and, if
        asked, the whole table."""
        changes = {key: data[key] for key in ("target_home", "target_away") if data.get(key) is not None}
        if data.get("change_cost_sharing"):
            changes["cost_sharing"] = [{**row, "share": str(row["share"])} for row in share_rows(data)]
        return changes

    def add_service_error(self, error: ValidationError) -> None:
        """`amendment_propose`'s errors: those of a row of the proposed table beside it (a proposed table must be
        complete)."""
        rows = share_rows(self.cleaned_data) if self.cleaned_data.get("change_cost_sharing") else []
        self.add_table_error(error, "changes", rows, require_complete=True)

    def non_grid_fields(self):
        return [self[name] for name in self.fields if not name.startswith("share-")]


# --- parties and management costs ---------------------------------------------------------------------------------


class EditablePartnershipMixin:
    """The partnership field offers only the partnerships the user may edit (the others would be refused on save)."""

    def restrict_partnership(self) -> None:
        self.fields["partnership"].queryset = Partnership.objects.editable_by(self.user)


class PartnershipPartyForm(EditablePartnershipMixin, DomainForm):
    """An organisation's role in a partnership the user edits (the model checks kind and country)."""

    class Meta:
        model = PartnershipParty
        fields = ["partnership", "organisation", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.restrict_partnership()


class PartnershipCostForm(EditablePartnershipMixin, DomainForm):
    """A management cost of a partnership the user edits."""

    class Meta:
        model = PartnershipCost
        fields = ["partnership", "description", "amount", "currency", "incurred_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.restrict_partnership()
