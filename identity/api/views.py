"""API viewsets of organisations, their members and their API tokens."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gsp.api.viewsets import DomainViewSet, RestrictedModelViewSet
from gsp.idempotency import idempotent

from .. import filtersets as f
from .. import models as m
from ..access import scope_of
from ..services import membership_change_role, membership_invite, membership_remove, token_create, token_revoke
from . import serializers as s
from .permissions import SignedInPersonForWrites


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
    permission_classes = [IsAuthenticated, SignedInPersonForWrites]

    def get_serializer_class(self):
        return s.MembershipInviteSerializer if self.action == "create" else s.MembershipSerializer

    @extend_schema(request=s.MembershipInviteSerializer, responses={201: s.MembershipSerializer})
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self.invite(request))

    def invite(self, request):
        invite = self.get_serializer(data=request.data)
        invite.is_valid(raise_exception=True)
        membership = self.write_checked(
            lambda: membership_invite(
                **invite.validated_data, invited_by=request.user, base_url=request.build_absolute_uri("/")
            ),
            "Only an admin of this organisation may invite its members.",
        )
        data = s.MembershipSerializer(membership, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        role = serializer.validated_data.get("role", serializer.instance.role)
        serializer.instance = membership_change_role(membership=serializer.instance, role=role)

    def perform_destroy(self, instance):
        membership_remove(membership=instance)


class APITokenViewSet(RestrictedModelViewSet):
    """Tokens for partner systems, managed by organisation admins. A token sees exactly what a member of its
    organisation with its role sees. The key is shown once; DELETE revokes the token."""

    queryset = m.APIToken.objects.all()
    serializer_class = s.APITokenSerializer
    filterset_class = f.APITokenFilterSet
    ordering_fields = ["name", "expires_at", "last_used_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    honour_idempotency_key = False  # the creation response holds the key, which must never be stored

    def get_serializer_class(self):
        return s.APITokenCreatedSerializer if self.action == "create" else s.APITokenSerializer

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
