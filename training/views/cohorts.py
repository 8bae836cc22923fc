"""Cohort pages: the list with seats and enrollments per track, a cohort's page (seats, enrolled, completions due,
certifications missing, its enrollments and applications), its form and its history."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gsp.pages import Column, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView, object_urls

from ..filtersets import CohortFilterSet
from ..forms import CohortForm
from ..models import Application, Cohort, Course, Enrollment
from ..querysets import TRACKS, certification_missing_q, completion_due_q

#: A completion is "due" when the cohort ends within this many days (or has ended).
DUE_WITHIN_DAYS = 30


def due_by() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=DUE_WITHIN_DAYS)


class CohortPages:
    model = Cohort
    select_related = ("course__centre__organisation", "partnership")

    def visible(self):
        return super().visible().with_counts(due_by=due_by())


class CohortListView(CohortPages, ObjectListView):
    filterset_class = CohortFilterSet
    ordering = ("-start_date", "code")
    add_url_name = "training:cohort_add"
    columns = (
        Column("code", _("Code")),
        Column("course", _("Course"), order_by="course__title"),
        Column("partnership.code", _("Partnership"), order_by="partnership__code"),
        Column("start_date", _("Start")),
        Column("end_date", _("End")),
        Column("seats_home", _("Seats home"), numeric=True),
        Column("taken_home", _("Taken home"), numeric=True),
        Column("seats_away", _("Seats away"), numeric=True),
        Column("taken_away", _("Taken away"), numeric=True),
        Column("completed", _("Completed"), numeric=True),
        Column("completions_due", _("Completions due"), numeric=True),
        Column("certifications_missing", _("Certifications missing"), numeric=True),
    )

    def may_add(self):
        return Course.objects.editable_by(self.request.user).exists()


class CohortDetailView(CohortPages, ObjectDetailView):
    edit_url_name = "training:cohort_edit"

    def get_context_data(self, obj, **context):
        user = self.request.user
        enrollments = Enrollment.objects.visible_to(user).filter(cohort=obj).select_related("trainee")
        tracks = []
        for track in TRACKS:
            seats, taken = obj.seats_for(track), getattr(obj, f"taken_{track}")
            tracks.append({"track": track, "seats": seats, "taken": taken, "free": max(seats - taken, 0)})
        return super().get_context_data(
            obj,
            tracks=tracks,
            due=enrollments.filter(completion_due_q(by=due_by())).order_by("trainee"),
            uncertified=enrollments.filter(certification_missing_q()).order_by("completed_on", "pk"),
            enrollments=enrollments.order_by("trainee"),
            applications=Application.objects.visible_to(user).filter(cohort=obj).select_related("trainee"),
            due_within=DUE_WITHIN_DAYS,
            **context,
        )


class CohortHistoryView(CohortPages, ObjectHistoryView):
    pass


class CohortEditView(CohortPages, ObjectEditView):
    form_class = CohortForm

    def visible(self):
        return Cohort.objects.visible_to(self.request.user)


urlpatterns = object_urls(
    "cohorts",
    "cohort",
    list=CohortListView,
    add=CohortEditView,
    detail=CohortDetailView,
    edit=CohortEditView,
    history=CohortHistoryView,
)
