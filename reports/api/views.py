"""API viewset of report runs: governments and donors of the partnership (or programme) read them."""

from gsp.access import actor_prefetch
from gsp.api.viewsets import ReadOnlyRestrictedViewSet

from .. import filtersets as f
from ..models import ReportRun
from . import serializers as s


class ReportRunViewSet(ReadOnlyRestrictedViewSet):
    """Cost-sharing and placement reports of the partnerships and programmes you may report on."""

    queryset = ReportRun.objects.all()
    serializer_class = s.ReportRunSerializer
    filterset_class = f.ReportRunFilterSet
    select_related = ("requested_by",)
    prefetch_related = (actor_prefetch("requested_by"),)
    ordering_fields = ["created", "status", "kind", "finished_at"]
