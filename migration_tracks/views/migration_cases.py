"""Migration-case pages (the agency's journey work): the list, the page of one with its stages and the form that
moves it forward (`migration_case_advance`: forward only, a refused visa ends it; 409 otherwise), its opening from an
accepted away-track placement (`migration_case_open`), its notes and its history. Governments and the employer
follow the journey; the worker is named only to those who may see the person."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gsp.pages import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    detail_url,
    object_urls,
)
from gsp.pages.views import LATEST_COHORTS_FIRST
from partnerships.views.skill_needs import page_choices

from ..filtersets import MigrationCaseFilterSet
from ..forms import AdvanceForm, MigrationCaseForm, OpenCaseForm
from ..models import FollowUp, MigrationCase, RecruitmentFee
from ..models.journeys import STAGE_DATE_FIELDS
from ..services import migration_case_advance, migration_case_open
from .common import case_openable_placements, pseudonym, relabel, trainee_url, with_worker_name
from .placements import PlacementPages


def worker_of_case(case) -> str:
    return case.worker_name or pseudonym(case.placement.enrollment.trainee_id)


def case_label(case) -> str:
    return _("Journey of %(worker)s") % {"worker": worker_of_case(case)}


class MigrationCasePageFilterSet(MigrationCaseFilterSet):
    """The API's FilterSet, its filters labelled for people."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page_choices(self, employer="employer")
        relabel(
            self,
            partnership=gettext_lazy("Partnership"),
            employer=gettext_lazy("Employer"),
            stage=gettext_lazy("Stage"),
            closed=gettext_lazy("Closed (visa refused, qualification recognised or returned)"),
            stalled=gettext_lazy("Stalled (at its stage longer than the partnership allows)"),
            job_offer_after=gettext_lazy("Job offer from"),
            job_offer_before=gettext_lazy("Job offer until"),
            departed_after=gettext_lazy("Departed from"),
            departed_before=gettext_lazy("Departed until"),
            arrived_after=gettext_lazy("Arrived from"),
            arrived_before=gettext_lazy("Arrived until"),
        )


class MigrationCasePages:
    model = MigrationCase
    select_related = ("placement__enrollment", "placement__skill_need__employer", "placement__skill_need__partnership")

    def visible(self):
        cases = with_worker_name(super().visible(), self.request.user, "placement__enrollment__trainee_id")
        return cases.with_journey()

    def crumbs_for(self, obj):
        return [self.list_crumb(), (case_label(obj), detail_url(obj))]


class MigrationCaseListView(MigrationCasePages, ObjectListView):
    count_rows = False  # a large list: next and previous, no COUNT over the visibility rule
    filterset_class = MigrationCasePageFilterSet
    # A drop-down of placements would list every visible placement by its worker; a journey is reached from its own.
    hidden_filters = ("updated_since", "placement")
    ordering = LATEST_COHORTS_FIRST
    columns = (
        Column("worker", gettext_lazy("Worker"), accessor=worker_of_case, order_by=False),
        Column(
            "placement.skill_need.employer.name",
            gettext_lazy("Employer"),
            order_by="placement__skill_need__employer__name",
        ),
        Column(
            "placement.skill_need.partnership.title",
            gettext_lazy("Partnership"),
            order_by="placement__skill_need__partnership__title",
        ),
        Column("stage", gettext_lazy("Stage")),
        Column("days_in_stage", gettext_lazy("Days at stage"), numeric=True),
        Column("job_offer_on", gettext_lazy("Job offer")),
        Column("visa_granted_on", gettext_lazy("Visa granted")),
        Column("departed_on", gettext_lazy("Departed")),
        Column("arrived_on", gettext_lazy("Arrived")),
        Column("updated", gettext_lazy("Last changed")),
    )


class MigrationCaseDetailView(MigrationCasePages, ObjectDetailView):
    edit_url_name = "migration_tracks:migrationcase_edit"

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        user = self.request.user
        label = case_label(obj)
        stages = [
            {"label": stage.label, "date": getattr(obj, field), "current": stage == obj.stage}
            for stage, field in STAGE_DATE_FIELDS.items()
        ]
        advance = context["may_edit"] and not obj.is_closed
        context.update(
            title=label,
            breadcrumbs=[self.list_crumb(), (label, None)],
            worker=worker_of_case(obj),
            trainee_url=trainee_url(obj.worker_name, obj.placement.enrollment.trainee_id),
            stages=stages,
            durations=obj.stage_durations(),
            threshold=obj.placement.skill_need.partnership.stall_threshold_days,
            advance_form=AdvanceForm(user=user) if advance else None,
            fees=RecruitmentFee.objects.visible_to(user).filter(placement=obj.placement_id).order_by("paid_on", "pk"),
            follow_ups=FollowUp.objects.visible_to(user)
            .filter(enrollment=obj.placement.enrollment_id)
            .select_related("country")
            .order_by("months_since_completion"),
        )
        return context


class MigrationCaseHistoryView(MigrationCasePages, ObjectHistoryView):
    def get_context_data(self, obj, **context):
        return super().get_context_data(obj, **context) | {"title": case_label(obj)}


class MigrationCaseEditView(MigrationCasePages, ObjectEditView):
    """The job offer's date and the notes (stages move only forward, through the advance form)."""

    form_class = MigrationCaseForm

    def extra_context(self, form, obj):
        title = _("Change the notes: %(case)s") % {"case": case_label(obj)}
        return {"title": title, "breadcrumbs": [*self.crumbs_for(obj), (title, None)]}


class MigrationCaseAdvanceView(MigrationCasePages, ObjectActionView):
    """Move the journey to a later stage on a date."""

    form_class = AdvanceForm
    title = gettext_lazy("Record a stage of the journey")
    success_message = gettext_lazy("The stage is recorded.")

    def perform(self, obj, data):
        return migration_case_advance(case=obj, stage=data["stage"], on=data["date"])


class MigrationCaseOpenView(PlacementPages, ObjectActionView):
    """Open the journey of an accepted away-track placement (an agency of the partnership)."""

    form_class = OpenCaseForm
    title = gettext_lazy("Open the migration journey")
    success_message = gettext_lazy("The journey is opened.")

    def editable(self):
        return case_openable_placements(self.request.user)

    def form_kwargs(self, obj):
        return {"initial": {"job_offer_on": obj.accepted_on or obj.offered_on or timezone.localdate()}}

    def perform(self, obj, data):
        case = migration_case_open(placement=obj, job_offer_on=data["job_offer_on"], notes=data["notes"])
        if not MigrationCase.objects.editable_by(self.request.user).filter(pk=case.pk).exists():
            raise PermissionDenied(_("Only an agency of the partnership records journeys."))
        return case

    def next_url(self, obj, result):
        return reverse("migration_tracks:migrationcase_detail", args=[result.pk])


urlpatterns = [
    *object_urls(
        "migration-cases",
        "migrationcase",
        list=MigrationCaseListView,
        detail=MigrationCaseDetailView,
        edit=MigrationCaseEditView,
        history=MigrationCaseHistoryView,
    ),
    path("migration-cases/<int:pk>/advance/", MigrationCaseAdvanceView.as_view(), name="migrationcase_advance"),
    path("placements/<int:pk>/open-case/", MigrationCaseOpenView.as_view(), name="migrationcase_open"),
]
