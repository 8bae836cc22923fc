"""The training app's HTML pages: training centres, courses and their cost lines, cohorts, applications and
selection, trainees, enrollments and their bulk import. Each module holds one area's views and its `urlpatterns`."""
