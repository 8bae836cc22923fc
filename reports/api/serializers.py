"""API representation of report runs (read-only for now: requesting and computing reports come later)."""

from gsp.api.serializers import ActorField, DomainSerializer

from ..models import ReportRun


class ReportRunSerializer(DomainSerializer):
    """A requested report: its scope, parameters, progress and, when done, its result.

    The CSV and XLSX files are not linked here: they will be served through a checked download, never as
    public media URLs."""

    requested_by = ActorField()

    class Meta:
        model = ReportRun
        fields = [
            "id", "kind", "partnership", "programme", "parameters", "status", "progress", "requested_by",
            "started_at", "finished_at", "result", "error", "created", "updated",
        ]  # fmt: skip
        read_only_fields = fields
