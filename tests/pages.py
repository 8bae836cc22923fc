"""The application's HTML pages, discovered from the URL resolver (as the API tests discover resources from the
router), so that the cross-cutting page tests (query counts, the permission matrix, the browser checks) cover a page
as soon as its URL is routed, without a change here.

A page is found by the naming convention of `gsp.pages.object_urls`: `<app>:<model>_list|add|detail|edit|delete|
history`, in the namespaces of the domain apps. Its model is the one the URL name names (else its view's `model`).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

#: The namespaces whose pages are discovered: the domain apps, lowest layer first.
NAMESPACES = ("reference", "identity", "partnerships", "training", "migration_tracks", "reports")
KINDS = ("list", "add", "detail", "edit", "delete", "history")
NAME = re.compile(rf"^(?P<model>[a-z0-9]+)_(?P<kind>{'|'.join(KINDS)})$")


@dataclass(frozen=True)
class Page:
    """One routed page of a model."""

    namespace: str
    name: str  # the URL name inside the namespace: "partnership_list"
    kind: str  # list, add, detail, edit, delete or history
    model: type
    view_class: type | None  # None for a function view
    arguments: tuple[str, ...]  # the URL's keyword arguments: () for a list, ("pk",) for a detail

    @property
    def url_name(self) -> str:
        return f"{self.namespace}:{self.name}"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def __str__(self) -> str:
        return self.url_name


def _patterns(resolver: URLResolver):
    """Every URLPattern under `resolver`, descending into includes that have no namespace of their own."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLPattern):
            yield entry
        elif isinstance(entry, URLResolver) and not entry.namespace:
            yield from _patterns(entry)


def _model(namespace: str, model_name: str, view_class):
    """The model the URL name names, in the namespace's app (or else in another app); else the view's model. The
    name decides: an add page under a parent (`amendment_add` at `partnerships/<pk>/amendments/add/`) may be a view
    of the parent's model."""
    try:
        return apps.get_model(namespace, model_name)
    except LookupError:
        pass
    named = [m for m in apps.get_models() if m._meta.model_name == model_name]
    if len(named) == 1:
        return named[0]
    return getattr(view_class, "model", None)


def discover(namespaces=NAMESPACES) -> list[Page]:
    """Every page of the convention in `namespaces`, in URL order."""
    found = []
    routed = get_resolver().namespace_dict
    for namespace in namespaces:
        if namespace not in routed:
            continue
        _prefix, resolver = routed[namespace]
        for pattern in _patterns(resolver):
            match = NAME.match(pattern.name or "")
            if not match:
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            model = _model(namespace, match["model"], view_class)
            if model is None:
                continue
            found.append(
                Page(
                    namespace=namespace,
                    name=pattern.name,
                    kind=match["kind"],
                    model=model,
                    view_class=view_class,
                    arguments=tuple(pattern.pattern.regex.groupindex),
                )
            )
    return found


PAGES = discover()


def pages_of(model, pages=None) -> dict[str, Page]:
    """`model`'s pages by kind (only those routed)."""
    return {p.kind: p for p in (PAGES if pages is None else pages) if p.model is model}
