"""Follow-up pages: the follow-ups due and overdue (the training centre's work list, as
`GET /api/v1/follow-ups/due/`), and the form recording a survey, opened prefilled from a row of that list."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gsp.pages import ObjectEditView, detail_url, object_urls
from gsp.pages.views import PageMixin, query_without
from training.models import Trainee

from ..follow_ups import due_rows, follow_ups_due, followed_enrollments, recordable_enrollments, window_days
from ..forms import FollowUpDueFilterForm, FollowUpForm
from ..models import FollowUp

PER_PAGE = 25


def record_url(row: dict) -> str:
    return (
        reverse("migration_tracks:followup_add")
        + f"?enrollment={row['enrollment']}&months_since_completion={row['months']}"
    )


class FollowUpsDueView(PageMixin, View):
    """The follow-up surveys due within the window or overdue, not yet recorded, soonest first, with a "record"
    button each; filtered by state, months and centre."""

    model = FollowUp
    template_name = "migration_tracks/followups_due.html"

    def get(self, request):
        user = request.user
        form = FollowUpDueFilterForm(request.GET or None, user=user)
        filters = form.cleaned_data if form.is_valid() else {}
        enrollments = followed_enrollments(user)
        if form.errors:
            enrollments = enrollments.none()  # an invalid filter shows nothing rather than everything
        if filters.get("centre"):
            enrollments = enrollments.filter(cohort__course__centre=filters["centre"])
        rows = follow_ups_due(
            enrollments=enrollments, on=timezone.localdate(), state=filters.get("state"), months=filters.get("months")
        )
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        recordable = self.may_record(user)
        shown = [
            {
                **row,
                "trainee_url": detail_url(Trainee(pk=row["trainee"])) if row["trainee"] else None,
                "record_url": record_url(row) if recordable else None,
            }
            for row in due_rows(page.object_list, user)
        ]
        title = _("Follow-ups due")
        context = {
            "title": title,
            "breadcrumbs": [(title, None)],
            "form": form,
            "page": page,
            "rows": shown,
            "days": window_days(),
            "query": query_without(request, "page"),
        }
        return render(request, self.template_name, context, status=200 if not form.errors else 400)

    def may_record(self, user) -> bool:
        """Whether the user may record follow-ups at all (a centre's or agency's editor); the form checks the row."""
        return recordable_enrollments(user).exists()


class FollowUpAddView(ObjectEditView):
    """Record a follow-up survey; `?enrollment=&months_since_completion=` prefill it (the "record" button)."""

    model = FollowUp
    form_class = FollowUpForm
    success_message = gettext_lazy("The follow-up is recorded.")

    def get_form(self, obj, data=None, files=None):
        initial = {"surveyed_on": timezone.localdate()}
        for name in ("enrollment", "months_since_completion"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return self.form_class(
            data, files, instance=obj, user=self.request.user, initial=initial,
            enrollments=recordable_enrollments(self.request.user),
        )  # fmt: skip

    def success_url(self, obj) -> str:
        return reverse("migration_tracks:followups_due")

    def list_url(self) -> str:
        return reverse("migration_tracks:followups_due")

    def list_crumb(self):
        return (_("Follow-ups due"), self.list_url())

    def extra_context(self, form, obj) -> dict:
        title = _("Record a follow-up survey")
        return {"title": title, "breadcrumbs": [self.list_crumb(), (title, None)]}


urlpatterns = [
    path("follow-ups/due/", FollowUpsDueView.as_view(), name="followups_due"),
    *object_urls("follow-ups", "followup", add=FollowUpAddView),
]
