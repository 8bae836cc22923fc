"""Placement pages: the list (an employer's offers and placements; the training centre's trainees'; those of an
agency's or a ministry's partnerships), the page of one with its steps (the candidate's side answers; the employer
records the start and the end, changes the terms or withdraws the offer), and its history.

A worker is named only to those who may see the person (`Trainee.objects.visible_to`); an employer sees a
pseudonym until the candidate's side accepts its offer. Every write goes through `migration_tracks.services`, as in
the API."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

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

from ..choices import ACCEPTED_PLACEMENT_STATUSES, PlacementStatus
from ..fees import fee_ledger
from ..filtersets import PlacementFilterSet
from ..forms import TERMS, AnswerForm, DateForm, PlacementTermsForm
from ..models import MigrationCase, Placement, RecruitmentFee
from ..repayment import commitment_ends_on, repayment_projection
from ..services import placement_answer, placement_update
from .common import case_openable_placements, labels_in_one_query, relabel, trainee_url, with_worker_name, worker_of

P = PlacementStatus


def placement_label(placement) -> str:
    return _("%(worker)s at %(employer)s") % {
        "worker": worker_of(placement),
        "employer": placement.skill_need.employer.name,
    }


class PlacementPageFilterSet(PlacementFilterSet):
    """The API's FilterSet, its drop-downs each loaded in one query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels_in_one_query(self, skill_need=("occupation", "employer"), cohort=("course",))
        page_choices(self, country="country", employer="employer")
        relabel(
            self,
            partnership=_("Partnership"),
            employer=_("Employer"),
            skill_need=_("Skill need"),
            cohort=_("Cohort"),
            country=_("Country"),
            track=_("Track"),
            offered_after=_("Offered from"),
            offered_before=_("Offered until"),
            started_after=_("Started from"),
            started_before=_("Started until"),
        )


class PlacementPages:
    model = Placement
    select_related = ("enrollment", "skill_need__employer", "skill_need__occupation", "skill_need__partnership")

    def visible(self):
        return with_worker_name(super().visible(), self.request.user, "enrollment__trainee_id")

    def crumbs_for(self, obj):
        return [self.list_crumb(), (placement_label(obj), detail_url(obj))]


class PlacementListView(PlacementPages, ObjectListView):
    count_rows = False  # a large list: next and previous, no COUNT over the visibility rule
    filterset_class = PlacementPageFilterSet
    # Drop-downs of people would list every visible person; a person's placements are reached from their page.
    hidden_filters = ("updated_since", "enrollment", "trainee")
    ordering = LATEST_COHORTS_FIRST
    intro = _("Offers and placements you may see. A worker is named once the candidate's side accepted the offer.")
    columns = (
        Column("worker", _("Worker"), accessor=worker_of, order_by=False),
        Column("skill_need.employer.name", _("Employer"), order_by="skill_need__employer__name"),
        Column("skill_need.occupation", _("Occupation"), order_by="skill_need__occupation__code"),
        Column("skill_need.partnership.title", _("Partnership"), order_by="skill_need__partnership__title"),
        Column("enrollment.track", _("Track"), order_by="enrollment__track"),
        Column("status", _("Status")),
        Column("offered_on", _("Offered")),
        Column("accepted_on", _("Accepted")),
        Column("started_on", _("Started")),
        Column("wage_amount", _("Wage"), currency="wage_currency"),
    )


class PlacementDetailView(PlacementPages, ObjectDetailView):
    edit_url_name = "migration_tracks:placement_edit"
    select_related = (*PlacementPages.select_related, "enrollment__cohort__course")

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        user = self.request.user
        editable = context["may_edit"]
        answerable = Placement.objects.answerable_by(user).filter(pk=obj.pk).exists()
        case = MigrationCase.objects.visible_to(user).filter(placement=obj).first()
        label = placement_label(obj)
        context.update(
            title=label,
            breadcrumbs=[self.list_crumb(), (label, None)],
            worker=worker_of(obj),
            identified=bool(obj.worker_name),
            trainee_url=trainee_url(obj.worker_name, obj.enrollment.trainee_id),
            may_answer=answerable and obj.status in (P.OFFERED, P.ACCEPTED),
            may_start=editable and obj.status == P.ACCEPTED,
            may_end=editable and obj.status == P.STARTED,
            may_withdraw=editable and obj.status in (P.OFFERED, P.ACCEPTED),
            case=case,
            may_open_case=case is None
            and obj.enrollment.track == "away"
            and obj.status in ACCEPTED_PLACEMENT_STATUSES
            and case_openable_placements(user).filter(pk=obj.pk).exists(),
            ledger=fee_ledger(obj, RecruitmentFee.objects.visible_to(user)),
            commitment_ends_on=commitment_ends_on(obj),
            repayment=repayment_projection(obj),
        )
        return context


class PlacementHistoryView(PlacementPages, ObjectHistoryView):
    def get_context_data(self, obj, **context):
        return super().get_context_data(obj, **context) | {"title": placement_label(obj)}


class PlacementEditView(PlacementPages, ObjectEditView):
    """The offer's date and terms, through `placement_update` (its position and answer rules)."""

    form_class = PlacementTermsForm

    def save(self, form):
        fields = {name: form.cleaned_data[name] for name in ("offered_on", *TERMS)}
        return placement_update(placement=form.instance, user=self.request.user, **fields)

    def extra_context(self, form, obj):
        title = _("Change the terms: %(placement)s") % {"placement": placement_label(obj)}
        return {"title": title, "breadcrumbs": [*self.crumbs_for(obj), (title, None)]}


class PlacementAnswerView(PlacementPages, ObjectActionView):
    """The candidate's side (their training centre, an agency of the partnership) accepts or declines the offer."""

    form_class = AnswerForm
    title = _("Answer the offer")
    success_message = _("The answer is recorded.")

    def editable(self):
        return Placement.objects.answerable_by(self.request.user)

    def perform(self, obj, data):
        accept = data["answer"] == "accept"
        return placement_answer(placement=obj, accept=accept, on=data["date"], user=self.request.user)


class PlacementStepView(PlacementPages, ObjectActionView):
    """A dated step of a placement, recorded by its employer or an agency through `placement_update`."""

    form_class = DateForm
    status = ""
    date_field = ""
    date_label = ""

    def form_kwargs(self, obj):
        return {"label": self.date_label}

    def perform(self, obj, data):
        return placement_update(
            placement=obj, user=self.request.user, status=self.status, **{self.date_field: data["date"]}
        )


class PlacementStartView(PlacementStepView):
    status, date_field = P.STARTED, "started_on"
    title, date_label = _("Record the start"), _("First day at work")
    success_message = _("The start is recorded.")


class PlacementEndView(PlacementStepView):
    status, date_field = P.ENDED, "ended_on"
    title, date_label = _("Record the end"), _("Last day at work")
    success_message = _("The end is recorded.")


class PlacementWithdrawView(PlacementStepView):
    status, date_field = P.WITHDRAWN, "withdrawn_on"
    title, date_label = _("Withdraw the offer"), _("Date of the withdrawal")
    success_message = _("The offer is withdrawn.")


urlpatterns = [
    *object_urls(
        "placements",
        "placement",
        list=PlacementListView,
        detail=PlacementDetailView,
        edit=PlacementEditView,
        history=PlacementHistoryView,
    ),
    path("placements/<int:pk>/answer/", PlacementAnswerView.as_view(), name="placement_answer"),
    path("placements/<int:pk>/start/", PlacementStartView.as_view(), name="placement_start"),
    path("placements/<int:pk>/end/", PlacementEndView.as_view(), name="placement_end"),
    path("placements/<int:pk>/withdraw/", PlacementWithdrawView.as_view(), name="placement_withdraw"),
]
