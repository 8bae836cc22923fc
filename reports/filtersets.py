"""FilterSet of report runs, shared by the API and the HTML list."""

import django_filters

from gsp.api.filters import BaseFilterSet, UTCDateTimeFilter, partnership_country_filter, related

from .choices import ReportKind, ReportStatus
from .models import ReportRun


class ReportRunFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    programme = related("partnerships.Programme", "programme")
    country = partnership_country_filter("partnership")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices)
    requested_after = UTCDateTimeFilter(field_name="created", lookup_expr="gte")
    requested_before = UTCDateTimeFilter(field_name="created", lookup_expr="lte")

    class Meta:
        model = ReportRun
        fields = ["partnership", "programme", "kind", "status"]
