"""The project's URL map: public home page, health probe, accounts, language switch, admin, the report pages (and the
API)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from reports.views import dashboard, home

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("dashboard/", dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("identity.urls")),
    path("", include("partnerships.urls")),
    path("", include("training.urls")),
    path("", include("migration_tracks.urls")),
    path("", include("reports.urls")),
    # --- API -------------------------------------------------------------------------------------------
    path("api/v1/", include("gsp.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    # --- end of API ------------------------------------------------------------------------------------
]

# Uploaded files are served by Django only in development; in production the web server serves MEDIA_ROOT.
# (`static()` returns no route when DEBUG is off.)
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Paths under /api/ answer 404 in the API's JSON error shape; others get the HTML page.
handler404 = "gsp.api.exceptions.api_not_found"
