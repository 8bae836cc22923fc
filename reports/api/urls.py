"""Routes of the reports app under /api/v1/ (collected by gsp.api.urls)."""

from . import views as v

routes = [
    ("reports", v.ReportRunViewSet, "report"),
]
