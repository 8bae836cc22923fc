"""The REST API v1: one router collecting every app's routes (`<app>/api/urls.py` → `routes`)."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

APPS = ("reference", "identity", "partnerships", "training", "migration_tracks", "reports")

router = DefaultRouter()
for app in APPS:
    try:
        module = import_module(f"{app}.api.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api.urls" and exc.name != f"{app}.api":
            raise
        continue
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
