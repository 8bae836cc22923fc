"""The training app's pages, included at the root by gsp/urls.py."""

from .views import applications, centres, cohorts, courses, enrollments, imports, trainees

app_name = "training"

urlpatterns = [
    *centres.urlpatterns,
    *courses.urlpatterns,
    *cohorts.urlpatterns,
    *applications.urlpatterns,
    *trainees.urlpatterns,
    *enrollments.urlpatterns,
    *imports.urlpatterns,
]
