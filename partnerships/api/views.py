"""API viewsets of the partnership app. Each is a few lines: rows come from the model's visibility rule,
validation from the model, multi-step writes from services."""

from django.db import transaction
from django.db.models import Exists, OuterRef
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gsp.access import scope_of
from gsp.api.viewsets import DomainViewSet, ReadOnlyRestrictedViewSet, RestrictedModelViewSet
from gsp.idempotency import idempotent

from .. import filtersets as f
from .. import models as m
from ..choices import PartnershipStatus as S
from ..cost_sharing import table_errors
from ..members import membership_change_role, membership_invite, membership_remove
from ..services import amendment_approve, amendment_propose, amendment_reject, cost_sharing_replace
from ..tokens import token_create, token_revoke
from . import serializers as s


class CountryViewSet(ReadOnlyRestrictedViewSet):
    """Countries (ISO 3166-1) and their currencies, from pycountry and CLDR."""

    queryset = m.Country.objects.all()
    serializer_class = s.CountrySerializer
    filterset_class = f.CountryFilterSet
    ordering_fields = ["code", "name"]
    pagination_class = None  # 249 short rows: one response is simpler for partner systems

    def get_queryset(self):
        # One subquery instead of asking, country by country, whether it is on the current list.
        on_list = m.HealthSafeguardsList.countries.through.objects.filter(
            healthsafeguardslist__is_current=True, country=OuterRef("pk")
        )
        return super().get_queryset().annotate(on_safeguards_list=Exists(on_list))


class OccupationViewSet(ReadOnlyRestrictedViewSet):
    """ISCO-08 groups: major (1 digit) to unit (4 digits)."""

    queryset = m.Occupation.objects.all()
    serializer_class = s.OccupationSerializer
    filterset_class = f.OccupationFilterSet
    ordering_fields = ["code", "title"]


class HealthSafeguardsListViewSet(ReadOnlyRestrictedViewSet):
    """Versions of the WHO Health Workforce Support and Safeguards List."""

    queryset = m.HealthSafeguardsList.objects.all()
    serializer_class = s.HealthSafeguardsListSerializer
    prefetch_related = ("countries",)


class OrganisationViewSet(DomainViewSet):
    """Ministries, employers, training providers, donors and agencies. Organisation admins edit their own."""

    queryset = m.Organisation.objects.all()
    serializer_class = s.OrganisationSerializer
    filterset_class = f.OrganisationFilterSet
    ordering_fields = ["name", "kind", "country", "updated"]


class MembershipViewSet(DomainViewSet):
    """Members of the organisations you administer (and your own memberships). POST invites by e-mail;
    DELETE removes a member; PATCH changes a role."""

    queryset = m.Membership.objects.all()
    serializer_class = s.MembershipSerializer
    filterset_class = f.MembershipFilterSet
    select_related = ("user",)
    ordering_fields = ["organisation", "role", "updated"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return s.MembershipInviteSerializer if self.action == "create" else s.MembershipSerializer

    @extend_schema(request=s.MembershipInviteSerializer, responses={201: s.MembershipSerializer})
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self.invite(request))

    def invite(self, request):
        invite = self.get_serializer(data=request.data)
        invite.is_valid(raise_exception=True)
        with transaction.atomic():
            membership = membership_invite(
                **invite.validated_data, invited_by=request.user, base_url=request.build_absolute_uri("/")
            )
            self.check_editable(membership, "Only an admin of this organisation may invite its members.")
        data = s.MembershipSerializer(membership, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        role = serializer.validated_data.get("role", serializer.instance.role)
        serializer.instance = membership_change_role(membership=serializer.instance, role=role)

    def perform_destroy(self, instance):
        membership_remove(membership=instance)


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
        partnership.transition(to_status, user=request.user, note=note.validated_data["note"])
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
        """The whole cost-sharing table. PUT replaces it; each track × category given must sum to 100 %.
        A signed partnership's table changes only through an amendment (409)."""
        partnership = self.get_object()
        if request.method == "PUT":
            self.check_editable(partnership, "Only an editor of either government may change the cost sharing.")
            table = s.CostSharingTableSerializer(data=request.data)
            table.is_valid(raise_exception=True)
            cost_sharing_replace(partnership=partnership, rows=table.validated_data["rows"], user=request.user)
        rows = list(partnership.cost_share_rules.values("track", "category", "payer_role", "share"))
        missing = [e for e in table_errors(rows, require_complete=True) if "no shares for" in e]
        data = {"rows": rows, "complete": not table_errors(rows, require_complete=True), "missing": missing}
        return Response(s.CostSharingTableSerializer(data).data)

    @extend_schema(responses=s.PartnershipTransitionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def transitions(self, request, pk=None):
        """Every status change: from, to, by whom, when, why."""
        records = self.get_object().transitions.select_related("by")
        return Response(s.PartnershipTransitionSerializer(records, many=True).data)


class PartnershipPartyViewSet(DomainViewSet):
    """Who takes part in a partnership, in which role."""

    queryset = m.PartnershipParty.objects.all()
    serializer_class = s.PartnershipPartySerializer
    filterset_class = f.PartnershipPartyFilterSet
    ordering_fields = ["partnership", "role"]


class AmendmentViewSet(DomainViewSet):
    """Changes to a signed agreement's targets or cost sharing. They take effect when both governments approve."""

    queryset = m.Amendment.objects.all()
    serializer_class = s.AmendmentSerializer
    filterset_class = f.AmendmentFilterSet
    select_related = ("partnership",)
    ordering_fields = ["partnership", "number", "updated"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        with transaction.atomic():
            data = serializer.validated_data
            amendment = amendment_propose(
                partnership=data["partnership"],
                summary=data["summary"],
                changes=data["changes"],
                user=self.request.user,
            )
            self.check_editable(amendment, "Only an editor of either government may propose an amendment.")
        serializer.instance = amendment

    def side_of(self, amendment) -> str:
        """Which government the user approves for: the one of their own country."""
        countries = set(scope_of(self.request.user).countries(write=True))
        p = amendment.partnership
        sides = [side for side, c in (("origin", p.origin_country_id), ("destination", p.destination_country_id))
                 if c in countries]  # fmt: skip
        if self.request.user.is_staff:
            sides = [self.request.query_params.get("side", "")]
        if len(sides) != 1 or sides[0] not in ("origin", "destination"):
            raise PermissionDenied("Only an editor of the origin or destination government may approve.")
        return sides[0]

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


class SkillNeedViewSet(DomainViewSet):
    """What employers ask for. Employers log and withdraw their own needs; positions filled are counted
    from started placements. (Registered with its `candidates` action by `migration_tracks.api`.)"""

    queryset = m.SkillNeed.objects.all()
    serializer_class = s.SkillNeedSerializer
    filterset_class = f.SkillNeedFilterSet
    select_related = ("partnership", "employer", "occupation", "country")
    ordering_fields = ["needed_by", "positions", "status", "updated"]

    def get_queryset(self):
        # A GROUP BY query ignores Meta.ordering: order explicitly, or pages would overlap.
        return s.annotate_positions_filled(super().get_queryset()).order_by(*m.SkillNeed._meta.ordering)


class ExchangeRateViewSet(DomainViewSet):
    """Currency rates: 1 base = rate quote from `date` on. Reports use the latest on or before a cohort's start."""

    queryset = m.ExchangeRate.objects.all()
    serializer_class = s.ExchangeRateSerializer
    filterset_class = f.ExchangeRateFilterSet
    ordering_fields = ["date", "base_currency", "quote_currency"]


class DomesticTrainingCostViewSet(DomainViewSet):
    """What training one worker costs inside a (destination) country, per occupation and year."""

    queryset = m.DomesticTrainingCost.objects.all()
    serializer_class = s.DomesticTrainingCostSerializer
    filterset_class = f.DomesticTrainingCostFilterSet
    ordering_fields = ["year", "country", "occupation"]


class APITokenViewSet(RestrictedModelViewSet):
    """Tokens for partner systems, managed by organisation admins. A token sees exactly what a member of its
    organisation with its role sees. The key is shown once; DELETE revokes the token."""

    queryset = m.APIToken.objects.all()
    serializer_class = s.APITokenSerializer
    filterset_class = f.APITokenFilterSet
    ordering_fields = ["name", "expires_at", "last_used_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    honour_idempotency_key = False  # the creation response holds the key, which must never be stored

    def perform_create(self, serializer):
        data = serializer.validated_data
        if (
            data["organisation"].pk not in scope_of(self.request.user).admin_org_ids()
            and not self.request.user.is_staff
        ):
            raise PermissionDenied("Only an admin of this organisation may create its tokens.")
        if getattr(self.request, "auth", None) is not None:
            raise PermissionDenied("A token cannot create tokens; sign in as an organisation admin.")
        token, key = token_create(**data, created_by=self.request.user)
        serializer.instance = token
        token.key = key

    def perform_destroy(self, instance):
        token_revoke(token=instance)
