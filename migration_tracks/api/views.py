"""API viewsets of placements, journeys, recruitment fees and follow-ups, and the skill needs' candidates.

Placements are written through `migration_tracks.services` (the skill need's row lock keeps positions), journeys
move through `MigrationCase.advance`; each write is checked against the edit rule before it commits.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from gsp.api.pagination import CURSOR_ORDERING_FIELDS, CursorPagination
from gsp.api.viewsets import DomainViewSet
from partnerships.filtersets import SkillNeedFilterSet
from partnerships.models import SkillNeed

from .. import filtersets as f
from .. import models as m
from ..selectors import candidate_row, skill_need_candidates_for, skill_needs_with_positions
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

    @extend_schema(responses=s.CandidateSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def candidates(self, request, pk=None):
        """Graduates who could fill this need, pseudonymised (no name, birth date, contact or ID): on its track,
        trained in its occupation in this partnership, enrolled or completed, not working in a started
        placement. `trainee` is the person's id for those who may see them (an employer: once it made an offer)."""
        need = self.get_object()
        page = self.paginate_queryset(skill_need_candidates_for(skill_need=need, user=request.user))
        return self.get_paginated_response(s.CandidateSerializer([candidate_row(e) for e in page], many=True).data)


class PlacementViewSet(DomainViewSet):
    """Offers and placements of workers against skill needs: employers for their own needs, agencies of the
    partnership. A skill need never holds more active placements than positions (409)."""

    queryset = m.Placement.objects.all()
    serializer_class = s.PlacementSerializer
    filterset_class = f.PlacementFilterSet
    select_related = ("enrollment",)
    pagination_class = CursorPagination
    ordering_fields = CURSOR_ORDERING_FIELDS

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


class MigrationCaseViewSet(DomainViewSet):
    """Away-track journeys, recorded by the agencies of the partnership; stages move forward only (`advance`)."""

    queryset = m.MigrationCase.objects.all()
    serializer_class = s.MigrationCaseSerializer
    filterset_class = f.MigrationCaseFilterSet
    pagination_class = CursorPagination
    ordering_fields = CURSOR_ORDERING_FIELDS

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.write_checked(
            lambda: migration_case_open(
                placement=data["placement"], job_offer_on=data["job_offer_on"], notes=data.get("notes", "")
            ),
            "Only an agency of the partnership records journeys.",
        )

    @extend_schema(request=s.AdvanceSerializer, responses=s.MigrationCaseSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the journey to a later stage on a date. Moving back, or on after a refused visa, is refused (409)."""
        case = self.get_object()
        self.check_editable(case, "Only an agency of the partnership records journeys.")
        body = s.AdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = migration_case_advance(case=case, stage=body.validated_data["stage"], on=body.validated_data["date"])
        return Response(self.get_serializer(case).data)


class RecruitmentFeeViewSet(DomainViewSet):
    """What workers paid to get their job (employer pays: anything above the agreement's cap is flagged)."""

    queryset = m.RecruitmentFee.objects.all()
    serializer_class = s.RecruitmentFeeSerializer
    filterset_class = f.RecruitmentFeeFilterSet
    ordering_fields = ["paid_on", "amount", "updated"]


class FollowUpViewSet(DomainViewSet):
    """Tracer surveys of completers at 6, 12 and 24 months, run by training centres and agencies."""

    queryset = m.FollowUp.objects.all()
    serializer_class = s.FollowUpSerializer
    filterset_class = f.FollowUpFilterSet
    pagination_class = CursorPagination
    ordering_fields = CURSOR_ORDERING_FIELDS
