"""The REST API v1: one router collecting every app's routes (`<app>/api/urls.py` → `routes`), and the few paths an
app serves beside the router (`paths`, e.g. a partnership's intake plan, served by the app that reads its data)."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

APPS = ("reference", "identity", "partnerships", "training", "migration_tracks", "reports")

router = DefaultRouter()
paths = []
for app in APPS:
    try:
        module = import_module(f"{app}.api.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api.urls" and exc.name != f"{app}.api":
            raise
        continue
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
    paths += getattr(module, "paths", [])

urlpatterns = paths + router.urls
