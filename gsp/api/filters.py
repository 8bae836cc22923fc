"""Base FilterSet and filter builders shared by every app's FilterSets (API and HTML list views alike).

Filters on related rows offer only the rows the requesting user may see, so an invisible id is refused like a
nonexistent one and an HTML drop-down never lists what the user may not open.
"""

import datetime as dt

import django_filters
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC: a database refuses some offsets the standard allows (+16:00),
    and a time near year 1 or 9999 may not exist in UTC at all (400, not 500)."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError("This time is out of range once converted to UTC.", code="invalid") from exc


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class BaseFilterSet(django_filters.FilterSet):
    """Every collection can be synced incrementally with `updated_since`."""

    updated_since = UTCDateTimeFilter(
        field_name="updated", lookup_expr="gte", label=_("Changed at or after this time (ISO 8601).")
    )


def visible(model_label: str):
    """Choices of a related-row filter: the rows of `app_label.Model` the requesting user may see."""

    def queryset(request):
        return apps.get_model(model_label).objects.visible_to(getattr(request, "user", None))

    return queryset


def related(model_label: str, field_name: str, **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=visible(model_label), **kwargs)


def date_range(field_name: str, label=None) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """`<name>_after` / `<name>_before`, both inclusive, labelled "<label>: from" and "<label>: until"."""
    label = label or capfirst(field_name.replace("_", " "))
    return (
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="gte", label=format_lazy(_("{label}: from"), label=label)
        ),
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="lte", label=format_lazy(_("{label}: until"), label=label)
        ),
    )


def occupation_filter(path: str) -> django_filters.CharFilter:
    """An ISCO-08 code prefix: `22` matches every health professional, `2221` nursing professionals only."""
    return django_filters.CharFilter(
        field_name=f"{path}__code", lookup_expr="startswith", label=_("ISCO-08 code or the code of a group above it")
    )


def partnership_country_filter(path: str) -> django_filters.CharFilter:
    """Rows of partnerships (reached at `path`) with this origin or destination country."""

    def by_country(queryset, name, value):
        code = value.upper()
        return queryset.filter(Q(**{f"{path}__origin_country": code}) | Q(**{f"{path}__destination_country": code}))

    return django_filters.CharFilter(method=by_country, label=_("Origin or destination country (ISO alpha-2)"))


def country_choice(field_name: str, **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=visible("reference.Country"), **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a request that names none of the list's filters is not filtered at all.

    Validating the filter form constructs every related filter's choices, each a visibility rule built for the user
    (`visible`): on a list page asked for with no filter, that was a third of the request's Python time, for
    nothing. With a filter named, the whole form is built and validated as before."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not set(request.query_params).intersection(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)
