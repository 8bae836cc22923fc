"""API viewsets of the training app. Rows come from each model's visibility rule, validation from the model;
enrolment and track changes go through `training.services`, which lock the cohort row."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from gsp.access import actor_prefetch
from gsp.api.pagination import (
    COHORT_CURSOR_ORDERING_FIELDS,
    COHORT_CURSOR_ORDERINGS,
    CURSOR_ORDERING_FIELDS,
    ID_FIRST_CURSOR_ORDERINGS,
    BoundedLimitOffsetPagination,
    CursorPagination,
)
from gsp.api.viewsets import DomainViewSet
from gsp.idempotency import idempotent
from identity.access import AGENCY, TRAINING_PROVIDER, scope_of
from identity.models import Organisation

from .. import filtersets as f
from .. import models as m
from ..choices import AccessSurface
from ..imports.rows import MAX_ROWS
from ..imports.services import RowsInvalid, enrollment_bulk_create
from ..services import (
    enrollment_change_track,
    enrollment_create,
    enrollment_update,
    log_access,
    trainee_export,
    trainee_registrars,
)
from ..trainee_pages import visible_trainee_ids
from . import serializers as s

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Any unique string (e.g. a UUID): a retry with the same key and body answers the first response "
    "instead of enrolling again.",
)


class TrainingCentreViewSet(DomainViewSet):
    """Training profiles of training-provider organisations. A provider's editors keep their own."""

    queryset = m.TrainingCentre.objects.all()
    serializer_class = s.TrainingCentreSerializer
    filterset_class = f.TrainingCentreFilterSet
    select_related = ("organisation",)
    ordering_fields = ["organisation__name", "capacity", "updated"]


class CourseViewSet(DomainViewSet):
    """Courses with their cost lines per trainee. A centre's editors manage its courses and costs."""

    queryset = m.Course.objects.all()
    serializer_class = s.CourseSerializer
    filterset_class = f.CourseFilterSet
    prefetch_related = ("costs",)
    ordering_fields = ["title", "duration_weeks", "updated"]


class CohortViewSet(DomainViewSet):
    """Runs of a course inside a partnership, with seats per track."""

    queryset = m.Cohort.objects.all()
    serializer_class = s.CohortSerializer
    filterset_class = f.CohortFilterSet
    ordering_fields = ["start_date", "end_date", "code", "updated"]


class ApplicationViewSet(DomainViewSet):
    """The selection funnel: applications to cohorts, run by agencies and training centres."""

    queryset = m.Application.objects.all()
    serializer_class = s.ApplicationSerializer
    filterset_class = f.ApplicationFilterSet
    pagination_class = CursorPagination
    cursor_orderings = COHORT_CURSOR_ORDERINGS
    ordering_fields = COHORT_CURSOR_ORDERING_FIELDS


class TraineeViewSet(DomainViewSet):
    """People in training (personal data: who sees them is the trainee visibility rule). The national ID is
    write-only and stored only as a hash; a second trainee of the same nationality with the same ID is
    refused (409). Every showing of a person's data is logged; organisation admins read their members' log at
    `access-log/` and export a person's data at `{id}/export/`."""

    queryset = m.Trainee.objects.all()
    serializer_class = s.TraineeSerializer
    filterset_class = f.TraineeFilterSet
    pagination_class = CursorPagination
    cursor_orderings = ID_FIRST_CURSOR_ORDERINGS
    sync_ordering = "updated"  # with `updated_since`: the people changed since are one range of (updated, id)
    ordering_fields = CURSOR_ORDERING_FIELDS

    def page_ids(self, *, after: int | None, limit: int, descending: bool) -> list[int] | None:
        """A page's ids read from the index ranges of the reasons the user sees people (`training.trainee_pages`)."""
        return visible_trainee_ids(scope_of(self.request.user), after=after, limit=limit, descending=descending)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        log_access(user=request.user, trainee_ids=[row["id"] for row in rows], surface=AccessSurface.API_LIST)
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        log_access(user=request.user, trainee_ids=[response.data["id"]], surface=AccessSurface.API_DETAIL)
        return response

    def history_shown(self, obj) -> None:
        log_access(user=self.request.user, trainee_ids=[obj.pk], surface=AccessSurface.API_HISTORY)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def export(self, request, pk=None):
        """Everything recorded about this person that you may see, as JSON, for their request to access their data
        (organisation admins of an organisation that sees the person, and staff)."""
        trainee = self.get_object()
        if not m.Trainee.objects.exportable_by(request.user).filter(pk=trainee.pk).exists():
            raise PermissionDenied("Only an admin of your organisation exports a person's data.")
        data = trainee_export(trainee=trainee, user=request.user)
        log_access(user=request.user, trainee_ids=[trainee.pk], surface=AccessSurface.EXPORT)
        return Response(data)

    @extend_schema(responses=s.PersonalDataAccessSerializer(many=True), filters=False)
    @action(
        detail=False,
        methods=["get"],
        url_path="access-log",
        filter_backends=[],
        pagination_class=BoundedLimitOffsetPagination,
    )
    def access_log(self, request):
        """Who among the members of the organisations you administer was shown whose data, when and where (newest
        first). `?trainee=<id>` narrows it to one person."""
        rows = (
            m.PersonalDataAccess.objects.visible_to(request.user)
            .select_related("user")
            .prefetch_related(actor_prefetch("user"))
        )
        if (trainee := request.query_params.get("trainee", "")).isdigit():
            rows = rows.filter(trainee_id=int(trainee))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.PersonalDataAccessSerializer(page, many=True).data)

    def create_kwargs(self, serializer) -> dict:
        return {"registered_by": self.registering_organisation(serializer.validated_data.get("registered_by"))}

    def registering_organisation(self, sent: Organisation | None) -> Organisation | None:
        """The user's training centre or agency: the one they act for, or the one they name among several."""
        if sent is not None:
            if trainee_registrars(self.request.user).filter(pk=sent.pk).exists():
                return sent
            raise ValidationError({"registered_by": ["Name a training centre or agency you edit for."]})
        own = scope_of(self.request.user).org_ids({TRAINING_PROVIDER, AGENCY}, write=True)
        if len(own) > 1:
            raise ValidationError(
                {"registered_by": ["You act for several training centres or agencies: name the one registering."]}
            )
        # Nobody else registers trainees: with no organisation the edit check refuses the row (403), staff aside.
        return Organisation.objects.get(pk=own[0]) if own else None


class EnrollmentViewSet(DomainViewSet):
    """Trainees in cohorts. Enrolling takes a seat of the track under a lock on the cohort (a full track: 409);
    the track then changes only through `change-track`, with a reason."""

    queryset = m.Enrollment.objects.all()
    serializer_class = s.EnrollmentSerializer
    filterset_class = f.EnrollmentFilterSet
    prefetch_related = (
        Prefetch(
            "track_changes",
            # by the change's own columns: the model's ordering names the enrollment, i.e. its partnership, cohort
            # and trainee's names, four joins for a page's handful of changes
            queryset=m.EnrollmentTrackChange.objects.select_related("changed_by")
            .prefetch_related(actor_prefetch("changed_by"))
            .order_by("enrollment_id", "changed_at", "pk"),
        ),
    )
    pagination_class = CursorPagination
    cursor_orderings = COHORT_CURSOR_ORDERINGS
    ordering_fields = COHORT_CURSOR_ORDERING_FIELDS

    def perform_create(self, serializer):
        serializer.instance = self.write_checked(
            lambda: enrollment_create(**serializer.validated_data),
            "Only the cohort's training centre enrols trainees in it.",
        )

    def perform_update(self, serializer):
        serializer.instance = self.write_checked(
            lambda: enrollment_update(enrollment=serializer.instance, **serializer.validated_data),
            "Only the cohort's training centre changes its enrollments.",
        )

    @extend_schema(
        request=s.BulkEnrollmentRowSerializer(many=True, max_length=MAX_ROWS, allow_empty=False),
        responses={201: s.BulkEnrollmentResultSerializer},
        parameters=[IDEMPOTENCY_KEY],
        filters=False,
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def bulk(self, request):
        """Enrol up to 1,000 trainees at once, all or nothing, as the browser's bulk import does (the same checks and
        save): each row has the import file's columns, with the cohort's id. A person already registered (same
        nationality and national ID, visible to you, same date of birth) is enrolled as they are. Any invalid row:
        400, nothing saved, with `errors.rows`: `[{"row": index in the list (0 for the first), "errors": {"column":
        ["message"]}}]`; problems of the request as a whole (too many rows, seats) in `errors.non_field_errors`.
        Success: 201 with the new enrollments' ids. Honours `Idempotency-Key`."""
        return idempotent(request, lambda: self._bulk(request))

    def _bulk(self, request):
        try:
            made = enrollment_bulk_create(user=request.user, rows=request.data)
        except RowsInvalid as invalid:
            return Response(rows_invalid_body(invalid.errors), status=status.HTTP_400_BAD_REQUEST)
        body = {
            "created": len(made.enrollment_ids),
            "enrollments": made.enrollment_ids,
            "trainees_created": made.trainees_created,
            "trainees_reused": made.trainees_reused,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ChangeTrackSerializer, responses=s.EnrollmentSerializer)
    @action(detail=True, methods=["post"], url_path="change-track")
    def change_track(self, request, pk=None):
        """Move the enrollment to the other track, saying why (kept in `track_changes`). Refused (409) when that
        track is full or the trainee holds a placement on the current one."""
        enrollment = self.get_object()
        self.check_editable(enrollment, "Only the cohort's training centre assigns tracks.")
        body = s.ChangeTrackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enrollment_change_track(
            enrollment=enrollment,
            to_track=body.validated_data["track"],
            reason=body.validated_data["reason"],
            user=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=enrollment.pk)).data)


def rows_invalid_body(errors) -> dict:
    """The API's error shape for invalid bulk rows: per row, its errors by column (`non_field_errors` for the row as
    a whole); errors of the request as a whole in `non_field_errors`."""
    rows: dict[int, dict[str, list[str]]] = {}
    general = []
    for error in errors:
        if error.row is None:
            general.append(error.message)
        else:
            rows.setdefault(error.row, {}).setdefault(error.column or "non_field_errors", []).append(error.message)
    found = {"rows": [{"row": row, "errors": by_column} for row, by_column in sorted(rows.items())]}
    if general:
        found["non_field_errors"] = general
    detail = "Nothing was saved: some rows are invalid." if rows else " ".join(general)
    return {"status": 400, "code": "invalid", "detail": detail, "errors": found}


class ExpenditureViewSet(DomainViewSet):
    """What was actually spent, recorded by the governments of the partnership."""

    queryset = m.Expenditure.objects.all()
    serializer_class = s.ExpenditureSerializer
    filterset_class = f.ExpenditureFilterSet
    ordering_fields = ["spent_on", "amount", "category", "updated"]
