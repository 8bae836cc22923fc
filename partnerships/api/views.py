"""API viewsets of the partnership app. Each is a few lines: rows come from the model's visibility rule,
validation from the model, multi-step writes from services."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gsp.access import actor_prefetch
from gsp.api.viewsets import DomainViewSet

from .. import filtersets as f
from .. import models as m
from ..choices import PartnershipStatus as S
from ..selectors import approving_side, cost_sharing_table
from ..services import (
    amendment_approve,
    amendment_propose,
    amendment_reject,
    cost_sharing_replace,
    partnership_transition,
)
from . import serializers as s


class ProgrammeViewSet(DomainViewSet):
    """Groups of bilateral partnerships run as one (e.g. APTC)."""

    queryset = m.Programme.objects.all()
    serializer_class = s.ProgrammeSerializer
    filterset_class = f.ProgrammeFilterSet
    ordering_fields = ["code", "title"]


def _transition(verb: str, to_status: str, summary: str):
    @extend_schema(request=s.TransitionRequestSerializer, responses=s.PartnershipSerializer, summary=summary)
    def handler(self, request, pk=None):
        return self.move(request, to_status)

    handler.__name__ = verb
    handler.__doc__ = summary
    return action(detail=True, methods=["post"])(handler)


class PartnershipViewSet(DomainViewSet):
    """Global Skill Partnerships. Governments of either country edit them and drive their lifecycle."""

    queryset = m.Partnership.objects.all()
    serializer_class = s.PartnershipSerializer
    filterset_class = f.PartnershipFilterSet
    select_related = ("origin_country", "destination_country")
    prefetch_related = ("occupations",)
    ordering_fields = ["code", "title", "status", "start_date", "updated"]

    def get_serializer_context(self):
        return super().get_serializer_context() | {"detail": self.detail}

    def move(self, request, to_status):
        partnership = self.get_object()
        self.check_editable(partnership, "Only an editor of either government may move this partnership.")
        note = s.TransitionRequestSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        partnership_transition(
            partnership=partnership, to_status=to_status, user=request.user, note=note.validated_data["note"]
        )
        return Response(self.get_serializer(partnership).data)

    negotiate = _transition("negotiate", S.NEGOTIATING, "Open negotiations (draft → negotiating).")
    reopen = _transition("reopen", S.DRAFT, "Return to draft (negotiating → draft).")
    sign = _transition("sign", S.SIGNED, "Sign: needs the WHO safeguards condition to hold.")
    activate = _transition("activate", S.ACTIVE, "Activate: needs a complete cost-sharing table.")
    suspend = _transition("suspend", S.SUSPENDED, "Suspend a signed or active partnership.")
    close = _transition("close", S.CLOSED, "Close the partnership (final).")

    @extend_schema(methods=["GET"], responses=s.CostSharingTableSerializer)
    @extend_schema(methods=["PUT"], request=s.CostSharingTableSerializer, responses=s.CostSharingTableSerializer)
    @action(detail=True, methods=["get", "put"], url_path="cost-sharing", filter_backends=[], pagination_class=None)
    def cost_sharing(self, request, pk=None):
        """The cost-sharing table: the version in force today and every version, each valid from a date. PUT
        replaces the table (optionally from `valid_from`); each track × category given must sum to 100 %. A signed
        partnership's table changes only through an amendment, which adds a version (409)."""
        partnership = self.get_object()
        if request.method == "PUT":
            self.check_editable(partnership, "Only an editor of either government may change the cost sharing.")
            table = s.CostSharingTableSerializer(data=request.data)
            table.is_valid(raise_exception=True)
            cost_sharing_replace(
                partnership=partnership,
                rows=table.validated_data["rows"],
                valid_from=table.validated_data.get("valid_from"),
                user=request.user,
            )
        return Response(s.CostSharingTableSerializer(cost_sharing_table(partnership)).data)

    @extend_schema(responses=s.PartnershipTransitionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def transitions(self, request, pk=None):
        """Every status change: from, to, by whom, when, why."""
        records = self.get_object().transitions.select_related("by").prefetch_related(actor_prefetch("by"))
        return Response(s.PartnershipTransitionSerializer(records, many=True).data)


class PartnershipPartyViewSet(DomainViewSet):
    """Who takes part in a partnership, in which role."""

    queryset = m.PartnershipParty.objects.all()
    serializer_class = s.PartnershipPartySerializer
    filterset_class = f.PartnershipPartyFilterSet
    ordering_fields = ["partnership", "role"]


class AmendmentViewSet(DomainViewSet):
    """Changes to a signed agreement's targets or cost sharing. They take effect when both governments approve; a
    new cost-sharing table becomes a version valid from the effective date (409 unless after the latest one)."""

    queryset = m.Amendment.objects.all()
    serializer_class = s.AmendmentSerializer
    filterset_class = f.AmendmentFilterSet
    select_related = ("partnership",)
    ordering_fields = ["partnership", "number", "updated"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.write_checked(
            lambda: amendment_propose(
                partnership=data["partnership"],
                summary=data["summary"],
                changes=data["changes"],
                effective_date=data.get("effective_date"),
                user=self.request.user,
            ),
            "Only an editor of either government may propose an amendment.",
        )

    def side_of(self, amendment) -> str:
        """Which government the user approves for: the one of their own country (staff: `?side=`)."""
        side = approving_side(amendment, self.request.user, self.request.query_params.get("side", ""))
        if side is None:
            raise PermissionDenied("Only an editor of the origin or destination government may approve.")
        return side

    @extend_schema(
        request=None,
        responses=s.AmendmentSerializer,
        parameters=[OpenApiParameter("side", str, enum=["origin", "destination"], description="Staff only.")],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve for your government; the amendment applies when both governments have approved."""
        amendment = self.get_object()
        amendment = amendment_approve(amendment=amendment, side=self.side_of(amendment), user=request.user)
        return Response(self.get_serializer(amendment).data)

    @extend_schema(request=None, responses=s.AmendmentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the amendment for your government (final)."""
        amendment = self.get_object()
        self.side_of(amendment)
        return Response(self.get_serializer(amendment_reject(amendment=amendment, user=request.user)).data)


class PartnershipCostViewSet(DomainViewSet):
    """Management costs of a partnership (coordination, staffing, monitoring): seen like the partnership, kept by
    editors of either government."""

    queryset = m.PartnershipCost.objects.all()
    serializer_class = s.PartnershipCostSerializer
    filterset_class = f.PartnershipCostFilterSet
    ordering_fields = ["incurred_on", "amount", "updated"]
