"""The URL patterns of a model's pages, named `<model>_list`, `_add`, `_detail`, `_edit`, `_delete`, `_history`."""

from django.urls import path


def object_urls(prefix: str, model_name: str, **views) -> list:
    """`object_urls("partnerships", "partnership", list=…, add=…, detail=…, edit=…, delete=…, history=…)`: each
    view given (a View class) gets its path under `prefix/`."""
    routes = {
        "list": f"{prefix}/",
        "add": f"{prefix}/add/",
        "detail": f"{prefix}/<int:pk>/",
        "edit": f"{prefix}/<int:pk>/edit/",
        "delete": f"{prefix}/<int:pk>/delete/",
        "history": f"{prefix}/<int:pk>/history/",
    }
    unknown = set(views) - set(routes)
    if unknown:
        raise TypeError(f"Unknown page kinds: {sorted(unknown)}")
    return [path(routes[kind], view.as_view(), name=f"{model_name}_{kind}") for kind, view in views.items()]
