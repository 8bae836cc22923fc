"""API representation of report runs: requesting one, and reading its status, progress, result and file links."""

import datetime as dt

from rest_framework import serializers
from rest_framework.reverse import reverse

from gsp.api.serializers import ActorField, DomainSerializer
from gsp.money import currency_validator
from partnerships.models import Partnership, Programme

from ..choices import ReportKind
from ..models import ReportRun
from ..querysets import reportable_partnerships, reportable_programmes


class ReportFiltersSerializer(serializers.Serializer):
    cohorts = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=1000)
    occupation = serializers.CharField(required=False, max_length=4, help_text="ISCO-08 code (1–4 digits).")
    period_start = serializers.DateField(required=False, help_text="Cohorts starting on or after this day.")
    period_end = serializers.DateField(required=False, help_text="Cohorts starting on or before this day.")


class ReportRunSerializer(DomainSerializer):
    """A requested report: its scope, date, currency and filters, its progress and, when done, its result and
    files (downloaded through checked links, never public URLs)."""

    requested_by = ActorField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id", "kind", "partnership", "programme", "as_of", "currency", "filters", "status", "progress",
            "attempts", "scheduled", "requested_by", "created", "started_at", "finished_at", "result", "error",
            "files", "updated",
        ]  # fmt: skip
        read_only_fields = fields

    def get_files(self, run) -> dict[str, str | None]:
        request = self.context.get("request")
        return {
            fmt: reverse("report-download", kwargs={"pk": run.pk, "fmt": fmt}, request=request)
            if getattr(run, f"{fmt}_file")
            else None
            for fmt in ("csv", "xlsx")
        }


class ReportRequestSerializer(serializers.Serializer):
    """What to report on: one partnership or one programme you may report on, as of a date, in a currency."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    partnership = serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.none(), required=False)
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none(), required=False)
    as_of = serializers.DateField(required=False, help_text="Default: today.")
    currency = serializers.CharField(
        required=False, validators=[currency_validator], help_text="Default: the partnership's or programme's."
    )
    filters = ReportFiltersSerializer(required=False)

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        # Only what the user may report on: any other id is answered as nonexistent.
        fields["partnership"].queryset = reportable_partnerships(user)
        fields["programme"].queryset = reportable_programmes(user)
        return fields

    def validate_as_of(self, value):
        if not dt.date(1950, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise serializers.ValidationError("Use a date between 1950-01-01 and 2100-12-31.")
        return value

    def validate(self, attrs):
        if bool(attrs.get("partnership")) == bool(attrs.get("programme")):
            raise serializers.ValidationError({"partnership": "Give either a partnership or a programme."})
        return attrs
