"""Applications and selection: the list (the selection funnel), an application's page with its selection steps
(shortlist, select, reject), the forms and the history. Agencies and training centres of the cohort's partnership
run the selection (the application's edit rule)."""

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
from gsp.pages.views import LATEST_COHORTS_FIRST
from identity.access import AGENCY, TRAINING_PROVIDER, scope_of

from ..choices import ApplicationStatus
from ..forms import ApplicationEditForm, ApplicationForm, DecisionForm
from ..models import Application
from ..services import application_decide
from .filters import ApplicationPageFilterSet


class ApplicationPages:
    model = Application
    select_related = ("trainee__nationality", "cohort__course", "cohort__partnership")


class ApplicationListView(ApplicationPages, ObjectListView):
    count_rows = False  # a large list: next and previous, no COUNT over the visibility rule
    filterset_class = ApplicationPageFilterSet
    ordering = LATEST_COHORTS_FIRST
    add_url_name = "training:application_add"
    columns = (
        Column("trainee", _("Applicant"), order_by=("trainee__family_name", "trainee__given_name")),
        Column("trainee.nationality", _("Nationality"), order_by="trainee__nationality__name"),
        Column("cohort", _("Cohort"), order_by="cohort__code"),
        Column("cohort.partnership.code", _("Partnership"), order_by="cohort__partnership__code"),
        Column("preferred_track", _("Preferred track")),
        Column("status", _("Status")),
        Column("applied_on", _("Applied on")),
        Column("decided_on", _("Decided on")),
    )

    def may_add(self):
        scope = scope_of(self.request.user)
        return scope.is_staff or bool(scope.org_ids({AGENCY, TRAINING_PROVIDER}, write=True))


class ApplicationDetailView(ApplicationPages, ObjectDetailView):
    edit_url_name = "training:application_edit"

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        if context["may_edit"]:
            context["steps"] = [
                (status, label, f"training:application_{name}")
                for name, status, label in DECISIONS
                if status != obj.status
            ]
        return context


class ApplicationHistoryView(ApplicationPages, ObjectHistoryView):
    pass


class ApplicationAddView(ApplicationPages, ObjectEditView):
    form_class = ApplicationForm

    def get_form(self, obj, data=None, files=None):
        form = super().get_form(obj, data, files)
        if data is None:
            for name in ("trainee", "cohort"):
                if (value := self.request.GET.get(name, "")).isdigit():
                    form.initial[name] = int(value)
        return form


class ApplicationEditView(ApplicationPages, ObjectEditView):
    form_class = ApplicationEditForm


class DecisionView(ApplicationPages, ObjectActionView):
    """One selection step: the application's new status and the date of the decision."""

    form_class = DecisionForm
    detail_view = ApplicationDetailView
    status = ""

    def perform(self, obj, data):
        return application_decide(application=obj, status=self.status, decided_on=data["decided_on"])


def decision_view(status: str, title, message):
    return type(
        f"{status.title()}View",
        (DecisionView,),
        {"status": status, "title": title, "success_message": message, "__doc__": DecisionView.__doc__},
    )


DECISIONS = (
    ("shortlist", ApplicationStatus.SHORTLISTED, _("Shortlist")),
    ("select", ApplicationStatus.SELECTED, _("Select")),
    ("reject", ApplicationStatus.REJECTED, _("Reject")),
)
MESSAGES = {
    "shortlist": (_("Shortlist the applicant"), _("The applicant is shortlisted.")),
    "select": (_("Select the applicant"), _("The applicant is selected.")),
    "reject": (_("Reject the application"), _("The application is rejected.")),
}

urlpatterns = [
    *object_urls(
        "applications",
        "application",
        list=ApplicationListView,
        add=ApplicationAddView,
        detail=ApplicationDetailView,
        edit=ApplicationEditView,
        history=ApplicationHistoryView,
    ),
    *[
        path(
            f"applications/<int:pk>/{name}/",
            decision_view(status, *MESSAGES[name]).as_view(),
            name=f"application_{name}",
        )
        for name, status, _label in DECISIONS
    ],
]
