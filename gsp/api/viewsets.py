"""Base viewset: every row comes from the model's one visibility rule, and every write is checked against
its one edit rule before it commits.

- list/retrieve read `Model.objects.visible_to(user)`: an invisible object answers 404;
- update/delete need the object in `editable_by(user)` (403 if visible but not editable);
- create/update save inside a transaction, then check that the saved row is still editable by the user,
  so nobody creates or moves an object into an organisation or partnership they may not edit;
- a delete refused because other rows reference the object answers 409.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ..history import history_records
from ..idempotency import idempotent
from .exceptions import translate_exception
from .history import HistoryRecordSerializer


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """ModelViewSet over a model whose manager is a `RestrictedQuerySet`."""

    #: select_related / prefetch_related applied to every list and detail query (keeps query counts flat)
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()

    def check_permissions(self, request):
        # Throttle before refusing: DRF checks permissions first, so an anonymous flood would only ever meet 401s.
        super().check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        """Already done, before the permissions (see `check_permissions`)."""

    def base_queryset(self):
        return self.queryset.model.objects.all()

    def get_queryset(self):
        qs = self.base_queryset().visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def editable_queryset(self):
        return self.base_queryset().editable_by(self.request.user)

    def check_editable(self, instance, message: str | None = None) -> None:
        if not self.editable_queryset().filter(pk=instance.pk).exists():
            raise PermissionDenied(message or "You may see this object but not change it.")

    def get_object(self):
        obj = super().get_object()
        if self.action in ("update", "partial_update"):
            self.check_editable(obj)
        elif (
            self.action == "destroy"
            and not self.base_queryset().deletable_by(self.request.user).filter(pk=obj.pk).exists()
        ):
            raise PermissionDenied("You may see this object but not delete it.")
        return obj

    #: honour `Idempotency-Key` on POST (off where the response holds a secret that must not be stored)
    honour_idempotency_key = True

    def create(self, request, *args, **kwargs):
        if not self.honour_idempotency_key:
            return super().create(request, *args, **kwargs)
        return idempotent(request, lambda: super(RestrictedModelViewSet, self).create(request, *args, **kwargs))

    def write_checked(self, write: Callable[[], Model], message: str) -> Model:
        """Run `write` (a service, or `serializer.save`) in a transaction, then check that the row it leaves is
        one the user may edit; if not, the whole write is rolled back (403). Every create and update goes
        through here, so nobody writes an object into an organisation or partnership they may not edit."""
        with transaction.atomic():
            instance = write()
            self.check_editable(instance, message)
        return instance

    def perform_create(self, serializer):
        self.write_checked(
            lambda: serializer.save(**self.create_kwargs(serializer)),
            "You may not create this object here: the organisation or partnership it belongs to is not one you "
            "may edit.",
        )

    def create_kwargs(self, serializer) -> dict:
        """Values the server sets on creation (e.g. the registering organisation)."""
        return {}

    def perform_update(self, serializer):
        self.write_checked(
            serializer.save, "You may not move this object to an organisation or partnership you may not edit."
        )

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise translate_exception(exc) from exc


class HistoryMixin:
    """`GET …/{id}/history/`: every recorded version of the object, as visible as the object itself."""

    @extend_schema(responses=HistoryRecordSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every recorded version of this object: who changed which fields, and when (newest first)."""
        obj = self.get_object()
        records = history_records(obj)
        self.history_shown(obj)
        return Response(HistoryRecordSerializer(records, many=True).data)

    def history_shown(self, obj) -> None:
        """Called once a history was shown (e.g. to log who saw a person's past data)."""


class DomainViewSet(HistoryMixin, RestrictedModelViewSet):
    """The usual base: restricted CRUD plus history."""


class ReadOnlyRestrictedViewSet(RestrictedModelViewSet):
    http_method_names = ["get", "head", "options"]
