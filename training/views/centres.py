"""Training-centre pages: the list, the page of one centre with its courses and cohorts, and its history."""

from django.utils.translation import gettext_lazy as _

from gsp.pages import Column, ObjectDetailView, ObjectHistoryView, ObjectListView, object_urls

from ..filtersets import TrainingCentreFilterSet
from ..models import Cohort, Course, TrainingCentre


class CentrePages:
    model = TrainingCentre
    select_related = ("organisation", "campus_country")


class TrainingCentreListView(CentrePages, ObjectListView):
    filterset_class = TrainingCentreFilterSet
    ordering = ("organisation__name",)
    columns = (
        Column("organisation.name", _("Name"), order_by="organisation__name"),
        Column("city", _("City")),
        Column("campus_country", _("Campus country"), order_by="campus_country__name"),
        Column("capacity", _("Capacity"), numeric=True),
        Column("accreditation", _("Accreditation"), order_by=False),
        Column("updated", _("Last changed")),
    )


class TrainingCentreDetailView(CentrePages, ObjectDetailView):
    def get_context_data(self, obj, **context):
        user = self.request.user
        courses = Course.objects.visible_to(user).filter(centre=obj).select_related("occupation").order_by("title")
        cohorts = (
            Cohort.objects.visible_to(user)
            .filter(course__centre=obj)
            .select_related("course", "partnership")
            .with_counts()
            .order_by("-start_date", "code")
        )
        return super().get_context_data(obj, courses=courses, cohorts=cohorts, **context)


class TrainingCentreHistoryView(CentrePages, ObjectHistoryView):
    pass


urlpatterns = object_urls(
    "training-centres",
    "trainingcentre",
    list=TrainingCentreListView,
    detail=TrainingCentreDetailView,
    history=TrainingCentreHistoryView,
)
