"""Skill-need pages: the list, the page of one, its form (the employer logs and edits its needs), its withdrawal and
its history.

A need's positions taken and filled, its candidates and its offers are read from placements, which this app may not
read (layers point one way): `migration_tracks` adds them through `SKILL_NEED_EXTRAS` in its `AppConfig.ready()`,
as it adds panels to a partnership's page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from gsp.pages import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    object_urls,
)
from identity.access import EMPLOYER, scope_of
from identity.models import Organisation
from reference.models import Country

from ..choices import SkillNeedStatus
from ..filtersets import SkillNeedFilterSet
from ..forms_skill_needs import SkillNeedForm
from ..models import Partnership, SkillNeed
from ..panels import Panel


@dataclass
class SkillNeedExtras:
    """What higher apps add to the skill-need pages: a queryset annotation (one aggregate query, not one per row),
    the columns it feeds, panels of a need's page, and tabs (each maps (need, user) to (label, url) or None)."""

    annotations: list[Callable] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    panels: list[Callable[..., Panel | None]] = field(default_factory=list)
    tabs: list[Callable[..., tuple[str, str] | None]] = field(default_factory=list)

    def annotate(self, queryset):
        for annotation in self.annotations:
            queryset = annotation(queryset)
        return queryset


SKILL_NEED_EXTRAS = SkillNeedExtras()


def page_choices(filterset, *, country: str | None = None, employer: str | None = None) -> None:
    """A list page's drop-downs offer what can match: the countries of the partnerships the user sees (not the
    world's 249), employers (not every organisation). Narrower choices only: a value outside them matched no visible
    row anyway (the API's FilterSet keeps accepting it)."""
    request = filterset.request
    user = getattr(request, "user", None)
    if country:
        partnerships = Partnership.objects.visible_to(user)
        filterset.filters[country].queryset = lambda request: Country.objects.filter(
            Q(pk__in=partnerships.values("origin_country")) | Q(pk__in=partnerships.values("destination_country"))
        )
    if employer:
        filterset.filters[employer].queryset = lambda request: Organisation.objects.visible_to(user).filter(
            kind=EMPLOYER
        )


class SkillNeedPageFilterSet(SkillNeedFilterSet):
    """The API's FilterSet, its filters labelled for people rather than for programs, its drop-downs narrowed to
    what can match."""

    LABELS = {
        "track": _("Track"),
        "needed_by_after": _("Needed from"),
        "needed_by_before": _("Needed until"),
        "occupation": _("Occupation (ISCO-08 code or group)"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self.filters[name].label = label
        page_choices(self, country="country", employer="employer")


class SkillNeedPages:
    model = SkillNeed
    select_related = ("partnership", "employer", "occupation", "country")


class SkillNeedListView(SkillNeedPages, ObjectListView):
    filterset_class = SkillNeedPageFilterSet
    ordering = ("needed_by", "partnership__code")
    add_url_name = "partnerships:skillneed_add"
    add_label = _("Log a skill need")
    base_columns = (
        Column("occupation", _("Occupation"), order_by="occupation__code"),
        Column("employer.name", _("Employer"), order_by="employer__name"),
        Column("partnership", _("Partnership"), order_by="partnership__title"),
        Column("country.name", _("Country"), order_by="country__name"),
        Column("positions", _("Positions"), numeric=True),
    )
    tail_columns = (
        Column("wage_amount", _("Wage"), currency="wage_currency"),
        Column("needed_by", _("Needed by")),
        Column("status", _("Status")),
    )

    @property
    def columns(self):
        return (*self.base_columns, *SKILL_NEED_EXTRAS.columns, *self.tail_columns)

    def visible(self):
        return SKILL_NEED_EXTRAS.annotate(super().visible())

    def may_add(self):
        scope = scope_of(self.request.user)
        return scope.is_staff or bool(scope.org_ids(EMPLOYER, write=True))


class SkillNeedDetailView(SkillNeedPages, ObjectDetailView):
    edit_url_name = "partnerships:skillneed_edit"

    def visible(self):
        return SKILL_NEED_EXTRAS.annotate(super().visible())

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        user = self.request.user
        context["extra_tabs"] = [tab for make in SKILL_NEED_EXTRAS.tabs if (tab := make(obj, user)) is not None]
        panels = [panel for make in SKILL_NEED_EXTRAS.panels if (panel := make(obj, user)) is not None]
        context["panels"] = sorted(panels, key=lambda p: p.order)
        context["may_withdraw"] = context["may_edit"] and obj.status == SkillNeedStatus.OPEN
        return context


class SkillNeedHistoryView(SkillNeedPages, ObjectHistoryView):
    template_name = "partnerships/skillneed_history.html"

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        context["extra_tabs"] = [
            tab for make in SKILL_NEED_EXTRAS.tabs if (tab := make(obj, self.request.user)) is not None
        ]
        return context


class SkillNeedEditView(SkillNeedPages, ObjectEditView):
    form_class = SkillNeedForm
    template_name = "partnerships/skillneed_form.html"


class SkillNeedWithdrawView(SkillNeedPages, ObjectActionView):
    """Withdraw an open need (as the API does, by its status): it no longer asks for workers; its placements stay."""

    detail_view = SkillNeedDetailView
    success_message = _("The skill need is withdrawn.")

    def perform(self, obj, data):
        obj.status = SkillNeedStatus.WITHDRAWN
        obj.full_clean()
        obj.save()
        return obj


urlpatterns = [
    *object_urls(
        "skill-needs",
        "skillneed",
        list=SkillNeedListView,
        add=SkillNeedEditView,
        detail=SkillNeedDetailView,
        edit=SkillNeedEditView,
        history=SkillNeedHistoryView,
    ),
    path("skill-needs/<int:pk>/withdraw/", SkillNeedWithdrawView.as_view(), name="skillneed_withdraw"),
]
