"""The report pages (reports.pages), included at the root by gsp/urls.py."""

from django.urls import path, re_path

from . import pages

app_name = "reports"

urlpatterns = [
    path("reports/", pages.report_index, name="report_index"),
    path("partnerships/<int:partnership_id>/reports/", pages.partnership_reports, name="partnership_reports"),
    path("reports/<int:pk>/", pages.reportrun_detail, name="reportrun_detail"),
    path("reports/<int:pk>/progress/", pages.reportrun_progress, name="reportrun_progress"),
    path("reports/<int:pk>/cancel/", pages.reportrun_cancel, name="reportrun_cancel"),
    re_path(
        r"^reports/(?P<pk>[0-9]+)/download/(?P<fmt>csv|xlsx)/$", pages.reportrun_download, name="reportrun_download"
    ),
]
