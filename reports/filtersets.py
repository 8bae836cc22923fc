"""FilterSet of report runs, shared by the API and the HTML list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from gsp.api.filters import BaseFilterSet, UTCDateTimeFilter, partnership_country_filter, related

from .choices import ReportKind, ReportStatus
from .models import ReportRun


class ReportRunFilterSet(BaseFilterSet):
    partnership = related("partnerships.Partnership", "partnership")
    programme = related("partnerships.Programme", "programme")
    country = partnership_country_filter("partnership")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Report"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    requested_after = UTCDateTimeFilter(field_name="created", lookup_expr="gte", label=_("Requested: from"))
    requested_before = UTCDateTimeFilter(field_name="created", lookup_expr="lte", label=_("Requested: until"))

    class Meta:
        model = ReportRun
        fields = ["partnership", "programme", "kind", "status"]
