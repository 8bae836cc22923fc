"""Trainee pages: personal data, shown only to those the trainee visibility rule admits (employers and donors get
404) and logged each time it is shown, as the API logs it (`log_access`): the list (the rows of the page, or every
row exported), a person's page and their history. The national ID is typed, stored as a keyed hash, never shown."""

from django.utils.translation import gettext_lazy as _

from gsp.pages import Column, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView, object_urls
from gsp.pages.views import LATEST_FIRST

from ..choices import AccessSurface, ConsentPurpose
from ..filtersets import TraineeFilterSet
from ..forms import TraineeEditForm, TraineeForm
from ..models import Application, Enrollment, Trainee
from ..services import log_access, trainee_registrars, trainee_save

LIST, DETAIL, HISTORY = AccessSurface.PAGE_LIST, AccessSurface.PAGE_DETAIL, AccessSurface.PAGE_HISTORY


class TraineePages:
    model = Trainee
    select_related = ("nationality", "registered_by")


class TraineeListView(TraineePages, ObjectListView):
    count_rows = False  # a large list: next and previous, no COUNT over the visibility rule
    filterset_class = TraineeFilterSet
    ordering = LATEST_FIRST
    add_url_name = "training:trainee_add"
    columns = (
        Column("family_name", _("Family name")),
        Column("given_name", _("Given name")),
        Column("gender", _("Gender")),
        Column("nationality", _("Nationality"), order_by="nationality__name"),
        Column("date_of_birth", _("Date of birth")),
        Column("registered_by", _("Registered by"), order_by="registered_by__name"),
    )

    def may_add(self):
        return trainee_registrars(self.request.user).exists()

    def rows_shown(self, rows, *, exported):
        ids = rows.values_list("pk", flat=True) if exported else [t.pk for t in rows]
        log_access(user=self.request.user, trainee_ids=ids, surface=LIST)


class TraineeDetailView(TraineePages, ObjectDetailView):
    edit_url_name = "training:trainee_edit"

    def get_context_data(self, obj, **context):
        user = self.request.user
        log_access(user=user, trainee_ids=[obj.pk], surface=DETAIL)
        return super().get_context_data(
            obj,
            enrollments=Enrollment.objects.visible_to(user).filter(trainee=obj).select_related("cohort__course"),
            applications=Application.objects.visible_to(user).filter(trainee=obj).select_related("cohort__course"),
            # The purposes by their labels (the field stores codes such as "follow_up").
            consent_purposes=[
                ConsentPurpose(code).label if code in ConsentPurpose.values else code
                for code in obj.consent_covers or []
            ],
            **context,
        )


class TraineeHistoryView(TraineePages, ObjectHistoryView):
    def history_shown(self, obj) -> None:
        log_access(user=self.request.user, trainee_ids=[obj.pk], surface=HISTORY)


class TraineeEditView(TraineePages, ObjectEditView):
    form_class = TraineeForm

    def get_form(self, obj, data=None, files=None):
        form_class = TraineeEditForm if obj is not None else TraineeForm
        return form_class(data, files, instance=obj, user=self.request.user)

    def save(self, form):
        return trainee_save(trainee=form.save(commit=False), national_id=form.national_id_given())


urlpatterns = object_urls(
    "trainees",
    "trainee",
    list=TraineeListView,
    add=TraineeEditView,
    detail=TraineeDetailView,
    edit=TraineeEditView,
    history=TraineeHistoryView,
)
