"""Enrollment pages: the list (the API's FilterSet), an enrollment's page with its track changes, enrolment by
form (`enrollment_create`: a full track answers 409), completion, certification and other changes
(`enrollment_update`), a track change with its reason (`enrollment_change_track`), and the history."""

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy as _

from gsp.access import actor_label, actor_prefetch
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

from ..choices import EnrollmentStatus
from ..forms import CertificationForm, CompletionForm, EnrollmentEditForm, EnrollmentForm, TrackChangeForm
from ..models import Cohort, Enrollment, EnrollmentTrackChange
from ..services import enrollment_change_track, enrollment_create, enrollment_update
from .filters import EnrollmentPageFilterSet


class EnrollmentPages:
    model = Enrollment
    select_related = ("trainee", "cohort__course", "cohort__partnership")


class EnrollmentListView(EnrollmentPages, ObjectListView):
    count_rows = False  # a large list: next and previous, no COUNT over the visibility rule
    filterset_class = EnrollmentPageFilterSet
    ordering = LATEST_COHORTS_FIRST
    add_url_name = "training:enrollment_add"
    columns = (
        Column("trainee", _("Trainee"), order_by=("trainee__family_name", "trainee__given_name")),
        Column("cohort", _("Cohort"), order_by="cohort__code"),
        Column("cohort.partnership.code", _("Partnership"), order_by="cohort__partnership__code"),
        Column("track", _("Track")),
        Column("status", _("Status")),
        Column("enrolled_on", _("Enrolled on")),
        Column("completed_on", _("Completed on")),
        Column("certified_on", _("Certified on")),
        Column("language_level", _("Language level")),
    )

    def may_add(self):
        return Cohort.objects.editable_by(self.request.user).exists()


class EnrollmentDetailView(EnrollmentPages, ObjectDetailView):
    edit_url_name = "training:enrollment_edit"
    prefetch_related = (
        Prefetch(
            "track_changes",
            queryset=EnrollmentTrackChange.objects.select_related("changed_by").prefetch_related(
                actor_prefetch("changed_by")
            ),
        ),
    )

    def get_context_data(self, obj, **context):
        changes = [(c, actor_label(c.changed_by) if c.changed_by_id else None) for c in obj.track_changes.all()]
        return super().get_context_data(obj, track_changes=changes, **context)


class EnrollmentHistoryView(EnrollmentPages, ObjectHistoryView):
    pass


class EnrollmentAddView(EnrollmentPages, ObjectEditView):
    """Enrol by form: the seat is taken under a lock on the cohort; a full track is refused (409)."""

    form_class = EnrollmentForm
    success_message = _("Enrolled.")

    def get_form(self, obj, data=None, files=None):
        form = super().get_form(obj, data, files)
        if data is None:
            for name in ("trainee", "cohort"):
                if (value := self.request.GET.get(name, "")).isdigit():
                    form.initial[name] = int(value)
        return form

    def save(self, form):
        return enrollment_create(**form.cleaned_data)


class EnrollmentEditView(EnrollmentPages, ObjectEditView):
    """Status, completion, drop-out, certification (`enrollment_update`, under the cohort's lock)."""

    form_class = EnrollmentEditForm

    def save(self, form):
        # The service compares the stored status with the new one (a return from drop-out takes a seat again):
        # give it the row as stored, not the form's instance, which already holds the new values.
        stored = Enrollment.objects.get(pk=form.instance.pk)
        return enrollment_update(enrollment=stored, **form.cleaned_data)


class EnrollmentActionView(EnrollmentPages, ObjectActionView):
    detail_view = EnrollmentDetailView


class CompleteView(EnrollmentActionView):
    """Mark the enrollment completed on a date."""

    form_class = CompletionForm
    title = _("Mark as completed")
    success_message = _("Completion recorded.")

    def perform(self, obj, data):
        return enrollment_update(enrollment=obj, status=EnrollmentStatus.COMPLETED, completed_on=data["completed_on"])


class CertifyView(EnrollmentActionView):
    """Record the certification of a completed enrollment."""

    form_class = CertificationForm
    title = _("Record certification")
    success_message = _("Certification recorded.")

    def perform(self, obj, data):
        return enrollment_update(enrollment=obj, certified=True, certified_on=data["certified_on"])


class ChangeTrackView(EnrollmentActionView):
    """Move the enrollment to the other track, saying why (refused, 409, when that track is full or a placement
    holds the trainee on the current one)."""

    form_class = TrackChangeForm
    title = _("Change track")
    success_message = _("Track changed.")

    def form_kwargs(self, obj):
        return {"initial": {"track": "home" if obj.track == "away" else "away"}}

    def perform(self, obj, data):
        return enrollment_change_track(
            enrollment=obj, to_track=data["track"], reason=data["reason"], user=self.request.user
        )


urlpatterns = [
    *object_urls(
        "enrollments",
        "enrollment",
        list=EnrollmentListView,
        add=EnrollmentAddView,
        detail=EnrollmentDetailView,
        edit=EnrollmentEditView,
        history=EnrollmentHistoryView,
    ),
    path("enrollments/<int:pk>/complete/", CompleteView.as_view(), name="enrollment_complete"),
    path("enrollments/<int:pk>/certify/", CertifyView.as_view(), name="enrollment_certify"),
    path("enrollments/<int:pk>/change-track/", ChangeTrackView.as_view(), name="enrollment_change_track"),
]
