"""Base FilterSet: every collection can be synced incrementally with `updated_since`."""

import django_filters


class BaseFilterSet(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated", lookup_expr="gte", label="Changed at or after this time (ISO 8601)."
    )
