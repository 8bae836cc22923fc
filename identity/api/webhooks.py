"""The webhooks API: an organisation's admins register endpoints, read their delivery log and replay deliveries.

The secret is returned when an endpoint is created and when it is rotated (`rotate-secret`), never otherwise. A
token with the admin role of its organisation may manage that organisation's endpoints (partner systems register
their own); editor and viewer tokens, like editor and viewer members, see none.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.response import Response

from gsp.api.serializers import TIMESTAMPS, ActorField, CreateOnlyMixin, DomainSerializer
from gsp.api.viewsets import DomainViewSet, ReadOnlyRestrictedViewSet
from gsp.idempotency import idempotent

from ..filtersets import DeliveryFilterSet, WebhookEndpointFilterSet
from ..models import Organisation
from ..webhooks.choices import EventType
from ..webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from ..webhooks.services import delivery_replay, endpoint_create, endpoint_rotate_secret

ONLY_ADMINS = "Only an admin of this organisation may manage its webhooks."


class EventTypesField(serializers.MultipleChoiceField):
    """Event types, stored and returned as a sorted list."""

    def __init__(self, **kwargs):
        super().__init__(choices=EventType.choices, allow_empty=False, **kwargs)

    def to_internal_value(self, data):
        return sorted(super().to_internal_value(data))

    def to_representation(self, value):
        return sorted(value or [])


class WebhookEndpointSerializer(CreateOnlyMixin, DomainSerializer):
    """An endpoint: where to POST which events. Its secret is never shown here."""

    event_types = EventTypesField()
    created_by = ActorField()
    create_only_fields = ("organisation",)
    clean_exclude = ("secret",)  # made by `endpoint_create`

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "organisation", "name", "url", "event_types", "active", "created_by", *TIMESTAMPS]


class WebhookEndpointSecretSerializer(WebhookEndpointSerializer):
    """The response to a creation or a rotation: the only ones that hold the secret."""

    secret = serializers.CharField(
        read_only=True, help_text="The signing secret: store it now, it is shown again only when rotated."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "at", "duration_ms", "status_code", "error", "response_excerpt"]


class DeliverySerializer(serializers.ModelSerializer):
    """One event sent to one endpoint, with every attempt."""

    event_type = serializers.CharField(source="event.type", read_only=True)
    occurred_at = serializers.DateTimeField(source="event.occurred_at", read_only=True)
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "endpoint", "event", "event_type", "occurred_at", "replay_of", "status", "attempts",
            "next_attempt_at", "last_status_code", "last_error", "delivered_at", "attempt_log", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = fields


class WebhookEndpointViewSet(DomainViewSet):
    """Endpoints of partner systems, managed by their organisation's admins. `deliveries` is an endpoint's
    delivery log; `rotate-secret` replaces its secret and returns the new one."""

    queryset = WebhookEndpoint.objects.all()
    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilterSet
    ordering_fields = ["name", "updated"]
    prefetch_related = ("created_by__memberships__organisation",)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    honour_idempotency_key = False  # the creation response holds the secret, which must never be stored

    def get_serializer_class(self):
        return WebhookEndpointSecretSerializer if self.action == "create" else WebhookEndpointSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        # Registering is administering the organisation: its one edit rule says who may.
        if not Organisation.objects.editable_by(self.request.user).filter(pk=data["organisation"].pk).exists():
            raise PermissionDenied(ONLY_ADMINS)
        endpoint, secret = endpoint_create(**data, created_by=self.request.user)
        endpoint.secret = secret
        serializer.instance = endpoint

    @extend_schema(request=None, responses=WebhookEndpointSecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """Replace the endpoint's secret; the answer holds the new one (deliveries are signed with it at once)."""
        endpoint = self.get_object()
        self.check_editable(endpoint, ONLY_ADMINS)
        endpoint.secret = endpoint_rotate_secret(endpoint=endpoint)
        return Response(WebhookEndpointSecretSerializer(endpoint, context=self.get_serializer_context()).data)

    @extend_schema(responses=DeliverySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request, pk=None):
        """The endpoint's deliveries, newest first, each with its attempts."""
        endpoint = self.get_object()
        rows = Delivery.objects.filter(endpoint=endpoint).select_related("event").prefetch_related("attempt_log")
        page = self.paginate_queryset(rows.order_by("-created", "-pk"))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


class DeliveryViewSet(ReadOnlyRestrictedViewSet):
    """Deliveries to the endpoints you manage; `replay` sends a delivery's event again, as a new delivery."""

    queryset = Delivery.objects.all()
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilterSet
    select_related = ("event",)
    prefetch_related = ("attempt_log",)
    ordering_fields = ["created", "status"]
    http_method_names = ["get", "post", "head", "options"]  # POST for `replay` only

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        """Deliveries are made by events, never posted (405)."""
        raise MethodNotAllowed(request.method)

    @extend_schema(request=None, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Send this delivery's event to its endpoint again (a new delivery, its payload built anew). 409 while the
        delivery is still being attempted."""
        return idempotent(request, lambda: self._replay())

    def _replay(self):
        delivery = self.get_object()
        self.check_editable(delivery, ONLY_ADMINS)
        replay = delivery_replay(delivery=delivery)
        replay = self.get_queryset().get(pk=replay.pk)
        return Response(DeliverySerializer(replay).data, status=status.HTTP_201_CREATED)
