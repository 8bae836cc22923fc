"""Base classes of the HTML pages (lists, details, history, forms, actions) and their URL patterns."""

from .tables import Column, detail_url
from .urls import object_urls
from .views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

__all__ = [
    "Column",
    "ObjectActionView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectHistoryView",
    "ObjectListView",
    "detail_url",
    "object_urls",
]
