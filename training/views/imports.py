"""Bulk import of enrollments (GOV.UK's upload → check → confirm): the list of a centre's imports, the upload form,
the check page (summary and every error, by row and column), the confirmation (all or nothing), and the download of
the file as it was uploaded. Members of the centre see its imports, its editors upload and confirm; anyone else is
answered 404, as for any row they may not see."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gsp.access import actor_label, actor_prefetch
from gsp.errors import Refused
from gsp.pages import Column, ObjectDetailView, ObjectListView, object_urls
from gsp.pages.views import PageMixin

from ..imports.columns import COLUMNS, template_csv
from ..imports.forms import EnrollmentImportForm
from ..imports.services import enrollment_import_confirm, enrollment_import_upload, max_bytes
from ..models import Cohort, EnrollmentImport, EnrollmentImportStatus, TrainingCentre

ERRORS_PER_PAGE = 50
NO_STORE = "private, no-store"


class EnrollmentImportPages:
    model = EnrollmentImport
    select_related = ("centre__organisation", "cohort__course", "created_by")

    def list_crumb(self):
        return (_("Bulk imports"), self.list_url())


def may_upload(user) -> bool:
    return TrainingCentre.objects.editable_by(user).exists()


class EnrollmentImportListView(EnrollmentImportPages, ObjectListView):
    title = gettext_lazy("Bulk imports of enrollments")
    intro = gettext_lazy("Files of trainees uploaded to enrol them in a cohort: each is checked, then imported whole.")
    template_name = "training/enrollmentimport_list.html"
    ordering = ("-created",)
    add_url_name = "training:enrollmentimport_add"
    add_label = gettext_lazy("Upload a file")
    prefetch_related = (actor_prefetch("created_by"),)
    columns = (
        Column("file_name", gettext_lazy("File")),
        Column("created", gettext_lazy("Uploaded")),
        Column("created_by", gettext_lazy("By"), accessor=lambda o: actor_label(o.created_by) if o.created_by else None,
               order_by=False),
        Column("centre", gettext_lazy("Training centre"), order_by="centre__organisation__name"),
        Column("cohort", gettext_lazy("Cohort"), order_by="cohort__code"),
        Column("status", gettext_lazy("Status")),
        Column("row_count", gettext_lazy("Rows"), numeric=True),
        Column("error_count", gettext_lazy("Errors"), numeric=True),
        Column("enrollments_created", gettext_lazy("Enrolled"), numeric=True),
    )  # fmt: skip

    def may_add(self):
        return may_upload(self.request.user)

    def get_context_data(self, **context):
        return super().get_context_data(template_url=reverse("training:enrollmentimport_template"), **context)


class EnrollmentImportUploadView(EnrollmentImportPages, PageMixin, View):
    """Upload a file: it is kept and checked, and the check page follows. An unreadable file, or one without the
    expected columns, is answered 400 with the reason beside the file field, and not kept."""

    template_name = "training/enrollmentimport_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_upload(request.user):
            raise PermissionDenied(_("Only an editor of a training centre imports enrollments."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {}
        if (cohort := request.GET.get("cohort", "")).isdigit():
            initial["cohort"] = Cohort.objects.editable_by(request.user).filter(pk=int(cohort)).first()
        return self.render_form(EnrollmentImportForm(user=request.user, initial=initial))

    def post(self, request):
        form = EnrollmentImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            record = enrollment_import_upload(
                user=request.user,
                upload=form.cleaned_data["file"],
                centre=form.cleaned_data["centre"],
                cohort=form.cleaned_data["cohort"],
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.render_form(form, status=409 if isinstance(error, Refused) else 400)
        if record.status == EnrollmentImportStatus.CHECKED:
            messages.success(request, _("The file is checked: no errors. Read the summary, then import it."))
        return redirect("training:enrollmentimport_detail", pk=record.pk)

    def render_form(self, form, status: int = 200):
        title = _("Upload a file of enrollments")
        context = {
            "form": form,
            "title": title,
            "breadcrumbs": [self.list_crumb(), (title, None)],
            "cancel_url": self.list_url(),
            "columns": COLUMNS,
            "max_mb": max_bytes() // 2**20,
            "template_url": reverse("training:enrollmentimport_template"),
        }
        return render(self.request, self.template_name, context, status=status)


class EnrollmentImportDetailView(EnrollmentImportPages, ObjectDetailView):
    """The check page: what the file holds, what would be created, every error (50 a page), and the one button
    that imports it, shown only when there is no error and the user may import."""

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        page = Paginator(obj.errors or [], ERRORS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            errors_page=page,
            errors_hidden=max(obj.error_count - len(obj.errors or []), 0),
            may_confirm=obj.status == EnrollmentImportStatus.CHECKED and context["may_edit"],
            confirm_url=reverse("training:enrollmentimport_confirm", kwargs={"pk": obj.pk}),
            file_url=reverse("training:enrollmentimport_file", kwargs={"pk": obj.pk}),
            upload_again_url=reverse("training:enrollmentimport_add")
            + (f"?cohort={obj.cohort_id}" if obj.cohort_id else ""),
            created_by_label=actor_label(obj.created_by) if obj.created_by else None,
            imported_by_label=actor_label(obj.imported_by) if obj.imported_by else None,
            query="",
        )
        context["tab"] = "detail"
        return context


class EnrollmentImportConfirmView(EnrollmentImportPages, PageMixin, View):
    """POST: import the file whole. A refusal (errors found now, a cohort filled meanwhile) is the check page again,
    409, with the reason; confirming an import already done changes nothing."""

    def post(self, request, pk):
        record = get_object_or_404(self.visible(), pk=pk)
        if not self.may_edit(record):
            raise PermissionDenied(_("Only an editor of the training centre imports its files."))
        already = record.status == EnrollmentImportStatus.IMPORTED
        try:
            record = enrollment_import_confirm(enrollment_import=record, user=request.user)
        except Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
            view = EnrollmentImportDetailView()
            view.setup(request, pk=pk)
            response = view.get(request, pk=pk)
            response.status_code = 409
            return response
        if already:
            messages.info(request, _("This file was imported already: nothing more was saved."))
        else:
            messages.success(
                request,
                _("Imported: %(enrollments)s enrollments (%(new)s new trainees).")
                % {"enrollments": record.enrollments_created, "new": record.trainees_created},
            )
        return redirect("training:enrollmentimport_detail", pk=pk)


class EnrollmentImportFileView(EnrollmentImportPages, PageMixin, View):
    """The file as it was uploaded, to those who may see the import; never cached."""

    def get(self, request, pk):
        record = get_object_or_404(self.visible(), pk=pk)
        if not record.file:
            raise Http404
        response = FileResponse(record.file.open("rb"), as_attachment=True, filename=record.file_name)
        response["Cache-Control"] = NO_STORE
        return response


class EnrollmentImportTemplateView(LoginRequiredMixin, View):
    """An empty file with the expected header."""

    def get(self, request):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="enrollments-template.csv"'
        return response


urlpatterns = [
    path("enrollment-imports/template.csv", EnrollmentImportTemplateView.as_view(), name="enrollmentimport_template"),
    *object_urls(
        "enrollment-imports",
        "enrollmentimport",
        list=EnrollmentImportListView,
        add=EnrollmentImportUploadView,
        detail=EnrollmentImportDetailView,
    ),
    path(
        "enrollment-imports/<int:pk>/confirm/", EnrollmentImportConfirmView.as_view(), name="enrollmentimport_confirm"
    ),
    path("enrollment-imports/<int:pk>/file/", EnrollmentImportFileView.as_view(), name="enrollmentimport_file"),
]
