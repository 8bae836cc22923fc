"""Course pages: the list, a course with its cost lines (price list by date) and its cohorts, the form that edits a
course and its whole cost table together (`course_costs_replace`, as the API), and its history."""

from django.utils.translation import gettext_lazy as _

from gsp.pages import Column, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView, object_urls

from ..filtersets import CourseFilterSet
from ..forms import CourseForm
from ..models import Cohort, Course, TrainingCentre
from ..services import course_costs_replace


class CoursePages:
    model = Course
    select_related = ("centre__organisation", "occupation")


class CourseListView(CoursePages, ObjectListView):
    filterset_class = CourseFilterSet
    ordering = ("title",)
    add_url_name = "training:course_add"
    columns = (
        Column("title", _("Title")),
        Column("centre", _("Training centre"), order_by="centre__organisation__name"),
        Column("occupation", _("Occupation"), order_by="occupation__code"),
        Column("duration_weeks", _("Weeks"), numeric=True),
        Column("language_taught", _("Language")),
        Column("language_target_level", _("Target level")),
        Column("updated", _("Last changed")),
    )

    def may_add(self):
        return TrainingCentre.objects.editable_by(self.request.user).exists()


class CourseDetailView(CoursePages, ObjectDetailView):
    edit_url_name = "training:course_edit"

    def get_context_data(self, obj, **context):
        cohorts = (
            Cohort.objects.visible_to(self.request.user)
            .filter(course=obj)
            .select_related("partnership")
            .with_counts()
            .order_by("-start_date", "code")
        )
        costs = obj.costs.order_by("category", "valid_from", "applies_to")
        return super().get_context_data(obj, costs=costs, cohorts=cohorts, **context)


class CourseHistoryView(CoursePages, ObjectHistoryView):
    pass


class CourseEditView(CoursePages, ObjectEditView):
    """The course and its cost table in one form: the table replaces every line, all or nothing."""

    form_class = CourseForm
    template_name = "training/course_form.html"

    def save(self, form):
        course = form.save()
        course_costs_replace(course=course, lines=form.cost_lines())
        return course


urlpatterns = object_urls(
    "courses",
    "course",
    list=CourseListView,
    add=CourseEditView,
    detail=CourseDetailView,
    edit=CourseEditView,
    history=CourseHistoryView,
)
