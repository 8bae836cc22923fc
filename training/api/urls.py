"""Routes of the training app under /api/v1/ (collected by gsp.api.urls)."""

from . import views as v

routes = [
    ("training-centres", v.TrainingCentreViewSet, "training-centre"),
    ("courses", v.CourseViewSet, "course"),
    ("cohorts", v.CohortViewSet, "cohort"),
    ("applications", v.ApplicationViewSet, "application"),
    ("trainees", v.TraineeViewSet, "trainee"),
    ("enrollments", v.EnrollmentViewSet, "enrollment"),
    ("expenditures", v.ExpenditureViewSet, "expenditure"),
]
