"""API of report runs: POST requests one (202 Accepted), GET reads status, progress, result and file links,
DELETE cancels a queued one, and `…/{id}/download/{csv|xlsx}/` serves its files to those who may read it."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse

from gsp.access import actor_prefetch
from gsp.api.viewsets import RestrictedModelViewSet
from gsp.idempotency import idempotent

from .. import filtersets as f
from .. import services
from ..models import ReportRun
from . import serializers as s

REQUEST_EXAMPLE = OpenApiExample(
    "PALIM cost sharing at its end, phase-one cohorts",
    value={"kind": "cost_sharing", "partnership": 3, "as_of": "2021-04-30", "filters": {"cohorts": [7, 8]}},
    request_only=True,
)
RUN_EXAMPLE = OpenApiExample(
    "A run being computed",
    value={
        "id": 42,
        "kind": "cost_sharing",
        "partnership": 3,
        "programme": None,
        "as_of": "2021-04-30",
        "currency": "EUR",
        "filters": {"cohorts": [7, 8]},
        "status": "running",
        "progress": 60,
        "attempts": 1,
        "scheduled": False,
        "requested_by": "Ministry of Foreign Affairs, Belgium (editor)",
        "created": "2026-11-29T10:00:00Z",
        "started_at": "2026-11-29T10:00:01Z",
        "finished_at": None,
        "result": None,
        "error": "",
        "files": {"csv": None, "xlsx": None},
        "updated": "2026-11-29T10:00:02Z",
    },  # fmt: skip
    response_only=True,
)


class ReportRunViewSet(RestrictedModelViewSet):
    """Cost-sharing and placement reports of the partnerships and programmes you may report on (governments of the
    partnership's countries and donors funding it). Computed by a worker: poll a run until `status` is `done`."""

    queryset = ReportRun.objects.all()
    serializer_class = s.ReportRunSerializer
    filterset_class = f.ReportRunFilterSet
    select_related = ("requested_by", "partnership", "programme")
    prefetch_related = (actor_prefetch("requested_by"),)
    ordering_fields = ["created", "status", "kind", "finished_at", "as_of"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(
        request=s.ReportRequestSerializer,
        responses={
            202: OpenApiResponse(s.ReportRunSerializer, description="Queued (or the identical run already queued)."),
        },
        examples=[REQUEST_EXAMPLE, RUN_EXAMPLE],
    )
    def create(self, request, *args, **kwargs):
        """Request a report. Answers 202 with the run and its `Location`; the same request while an identical run
        is queued or running answers that run."""
        return idempotent(request, lambda: self._request_report(request))

    def _request_report(self, request):
        ask = s.ReportRequestSerializer(data=request.data, context=self.get_serializer_context())
        ask.is_valid(raise_exception=True)
        data = ask.validated_data
        run, _ = services.report_request(
            user=request.user,
            kind=data["kind"],
            partnership=data.get("partnership"),
            programme=data.get("programme"),
            as_of=data.get("as_of"),
            currency=data.get("currency"),
            filters=data.get("filters"),
        )
        location = reverse("report-detail", kwargs={"pk": run.pk}, request=request)
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(responses={200: OpenApiResponse(s.ReportRunSerializer)}, examples=[RUN_EXAMPLE])
    def retrieve(self, request, *args, **kwargs):
        """A run: status, progress (0–100), and when done its result and file links; when failed, why."""
        return super().retrieve(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        """Cancel a queued run (204). A run that has started is kept (409)."""
        services.report_cancel(run=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_object(self):
        # Any visible run may be asked to cancel: the service answers 409 for one that has started, which says
        # more than the base class's 403.
        return GenericAPIView.get_object(self)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], url_path=r"download/(?P<fmt>csv|xlsx)", url_name="download")
    def download(self, request, pk=None, fmt=None):
        """The run's CSV or XLSX file, to those who may read the run (404 otherwise, or while it is computing)."""
        return report_file_response(self.get_object(), fmt)


def report_file_response(run: ReportRun, fmt: str) -> FileResponse:
    """A report file as an attachment; 404 when the run has none (yet). Shared with the HTML download view."""
    file = getattr(run, f"{fmt}_file", None)
    if not file:
        raise Http404("This report has no such file (yet).")
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
    response["Content-Type"] = content_type
    response["Cache-Control"] = "private, no-store"
    return response
