"""API viewsets of placements, journeys, recruitment fees and follow-ups, and the skill needs' candidates.

Placements are written through `migration_tracks.services` (the skill need's row lock keeps positions), journeys
move through `MigrationCase.advance`; each write is checked against the edit rule before it commits.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from gsp.api.pagination import (
    COHORT_CURSOR_ORDERING_FIELDS,
    COHORT_CURSOR_ORDERINGS,
    BoundedLimitOffsetPagination,
    CursorPagination,
    UncountedLimitOffsetPagination,
)
from gsp.api.viewsets import DomainViewSet
from partnerships.filtersets import SkillNeedFilterSet
from partnerships.models import SkillNeed

from .. import filtersets as f
from .. import models as m
from ..follow_ups import due_rows, follow_ups_due, followed_enrollments
from ..journeys import journey_outcomes
from ..matching import RankedPages, candidate_rows, ranked_candidates
from ..repayment import commitment_ends_on, repayment_projection
from ..selectors import skill_needs_with_positions
from ..services import (
    migration_case_advance,
    migration_case_open,
    placement_answer,
    placement_create,
    placement_update,
)
from . import serializers as s


class SkillNeedViewSet(DomainViewSet):
    """What employers ask for. Employers log and withdraw their own needs; positions filled are counted from
    started placements; `candidates` lists the graduates who could fill a need."""

    queryset = SkillNeed.objects.all()
    serializer_class = s.SkillNeedSerializer
    filterset_class = SkillNeedFilterSet
    select_related = ("partnership", "employer", "occupation", "country")
    ordering_fields = ["needed_by", "positions", "status", "updated"]

    def get_queryset(self):
        return skill_needs_with_positions(super().get_queryset())

    @extend_schema(
        responses=s.CandidateSerializer(many=True), filters=False, examples=[s.CANDIDATE_EXAMPLE], parameters=[]
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=UncountedLimitOffsetPagination)
    def candidates(self, request, pk=None):
        """The candidates who could fill this need, best first (`migration_tracks.matching`): completers before
        those still in training; then the need's own ISCO-08 unit group before the rest of its minor group, certified
        before not, the need's language level met before not (`language_gap`: levels short), available soonest,
        free before holding an offer or placement on another need (`placed_elsewhere`); `reasons` says it in words. Only
        candidates of the need's partnership and track, not working in a started placement. Pseudonymised (no
        name, birth date, contact or ID): `trainee` is the person's id only for those who may see them (an
        employer: once the candidate's side accepted its offer). A withdrawn need is not matched: an empty list."""
        need = self.get_object()
        page = self.paginate_queryset(RankedPages(ranked_candidates(skill_need=need)))
        rows = candidate_rows(page, skill_need=need, user=request.user, first_rank=self.paginator.offset + 1)
        return self.get_paginated_response(s.CandidateSerializer(rows, many=True).data)


class PlacementViewSet(DomainViewSet):
    """Offers and placements of workers against skill needs: employers for their own needs, agencies of the
    partnership. A skill need never holds more active placements than positions (409)."""

    queryset = m.Placement.objects.all()
    serializer_class = s.PlacementSerializer
    filterset_class = f.PlacementFilterSet
    select_related = ("enrollment",)
    pagination_class = CursorPagination
    cursor_orderings = COHORT_CURSOR_ORDERINGS  # the enrollment's cohort, copied onto each placement
    ordering_fields = COHORT_CURSOR_ORDERING_FIELDS

    def get_queryset(self):
        if self.action == "list":  # a page's figures are read for its ids (`paginate_queryset`)
            return super().get_queryset()
        return s.with_placement_figures(super().get_queryset())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is None or "over_fee_cap" in queryset.query.annotations:  # filtered on a figure: annotated already
            return page
        return s.placement_page_figures(page)

    def perform_create(self, serializer):
        serializer.instance = self.write_checked(
            lambda: placement_create(**serializer.validated_data, user=self.request.user),
            "Only the need's employer or an agency of the partnership makes offers.",
        )

    def perform_update(self, serializer):
        serializer.instance = self.write_checked(
            lambda: placement_update(
                placement=serializer.instance, user=self.request.user, **serializer.validated_data
            ),
            "Only the need's employer or an agency of the partnership changes it.",
        )

    def answer(self, request, *, accept: bool):
        placement = self.get_object()
        body = s.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        placement = placement_answer(
            placement=placement, accept=accept, on=body.validated_data["date"], user=request.user
        )
        return Response(self.get_serializer(placement).data)

    @extend_schema(request=s.AnswerSerializer, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The candidate's side accepts the offer on a date (409 when the need's positions are all taken). From
        then on the employer may see who the worker is."""
        return self.answer(request, accept=True)

    @extend_schema(request=s.AnswerSerializer, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The candidate's side declines the offer (or an offer it had accepted)."""
        return self.answer(request, accept=False)

    @extend_schema(responses=s.RepaymentScheduleSerializer, filters=False)
    @action(detail=True, methods=["get"], url_path="repayment-schedule", filter_backends=[], pagination_class=None)
    def repayment_schedule(self, request, pk=None):
        """The repayment month by month at the placement's wage (DESIGN §2): each month percent × the monthly wage
        (a yearly wage ÷ 12, converted to the repayment currency at the rate on or before the start), never more
        than remains, due that many calendar months after the start (after today for an offer not started:
        `projected`). It ends once repaid or when the months run out; `shortfall` is what remains then."""
        placement = self.get_object()
        projection = repayment_projection(placement)
        body = {
            "placement": placement.pk,
            "commitment_ends_on": commitment_ends_on(placement),
            "repayment": projection,
            "months": projection.schedule if projection else [],
        }
        return Response(s.RepaymentScheduleSerializer(body).data)


class MigrationCaseViewSet(DomainViewSet):
    """Away-track journeys, recorded by the agencies of the partnership; stages move forward only (`advance`)."""

    queryset = m.MigrationCase.objects.all()
    serializer_class = s.MigrationCaseSerializer
    filterset_class = f.MigrationCaseFilterSet
    pagination_class = CursorPagination
    cursor_orderings = COHORT_CURSOR_ORDERINGS  # the placement's cohort, copied onto each journey
    ordering_fields = COHORT_CURSOR_ORDERING_FIELDS

    def get_queryset(self):
        return super().get_queryset().with_journey()

    def with_journey(self, case):
        """A case just written, read again with the figures of its journey (`with_journey`)."""
        return self.get_queryset().get(pk=case.pk)

    def perform_create(self, serializer):
        data = serializer.validated_data
        case = self.write_checked(
            lambda: migration_case_open(
                placement=data["placement"], job_offer_on=data["job_offer_on"], notes=data.get("notes", "")
            ),
            "Only an agency of the partnership records journeys.",
        )
        serializer.instance = self.with_journey(case)

    @extend_schema(request=s.AdvanceSerializer, responses=s.MigrationCaseSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the journey to a later stage on a date. Moving back, or on after a refused visa, is refused (409)."""
        case = self.get_object()
        self.check_editable(case, "Only an agency of the partnership records journeys.")
        body = s.AdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = migration_case_advance(case=case, stage=body.validated_data["stage"], on=body.validated_data["date"])
        return Response(self.get_serializer(self.with_journey(case)).data)

    @extend_schema(
        parameters=[s.OutcomesQuerySerializer], responses=s.JourneyOutcomeSerializer(many=True), filters=True
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def outcomes(self, request):
        """Where the visible journeys fail, per partnership, employer or occupation (`group`): cases, stalled
        cases, refused visas, workers arrived whose qualification is not recognised, and those of them stalled.
        The list's filters apply (e.g. `?partnership=`)."""
        query = s.OutcomesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cases = self.filter_queryset(m.MigrationCase.objects.visible_to(request.user))
        rows = journey_outcomes(cases, group=query.validated_data["group"])
        return Response(s.JourneyOutcomeSerializer(rows, many=True).data)


class RecruitmentFeeViewSet(DomainViewSet):
    """What workers paid to get their job (employer pays: anything above the agreement's cap is flagged)."""

    queryset = m.RecruitmentFee.objects.all()
    serializer_class = s.RecruitmentFeeSerializer
    filterset_class = f.RecruitmentFeeFilterSet
    ordering_fields = ["paid_on", "amount", "updated"]


class FollowUpViewSet(DomainViewSet):
    """Tracer surveys of completers at 6, 12 and 24 months, run by training centres and agencies; `due` lists those
    due or overdue."""

    queryset = m.FollowUp.objects.all()
    serializer_class = s.FollowUpSerializer
    filterset_class = f.FollowUpFilterSet
    select_related = ("enrollment",)
    pagination_class = CursorPagination
    cursor_orderings = COHORT_CURSOR_ORDERINGS  # the enrollment's cohort, copied onto each follow-up
    ordering_fields = COHORT_CURSOR_ORDERING_FIELDS

    @extend_schema(
        parameters=[s.FollowUpDueQuerySerializer], responses=s.FollowUpDueSerializer(many=True), filters=False
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=BoundedLimitOffsetPagination)
    def due(self, request):
        """Follow-up surveys due within the window (`GSP_FOLLOW_UP_WINDOW_DAYS`, 30 days by default) from today, or
        overdue (their date passed), and not yet recorded: 6, 12 and 24 months after each completion, soonest first.
        Rows of the enrollments whose follow-ups you may see (a centre its own; governments and agencies of the
        partnership); the trainee by pseudonym, and by id only where you may see the person."""
        query = s.FollowUpDueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        enrollments = followed_enrollments(request.user)
        if "centre" in query.validated_data:
            enrollments = enrollments.filter(cohort__course__centre_id=query.validated_data["centre"])
        rows = follow_ups_due(
            enrollments=enrollments,
            on=timezone.localdate(),
            state=query.validated_data.get("state"),
            months=query.validated_data.get("months"),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.FollowUpDueSerializer(due_rows(page, request.user), many=True).data)
