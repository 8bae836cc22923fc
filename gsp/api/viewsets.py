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
from ..versions import current_version, etag, if_match_versions, is_versioned, version_of
from .exceptions import PreconditionFailed, translate_exception
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


class VersionMixin:
    """`ETag` on an object's responses, `If-Match` on its PUT, PATCH and DELETE (gsp/versions.py).

    GET, PUT and PATCH of one object answer its version as `ETag`. A PUT, PATCH or DELETE with `If-Match` locks the
    row, then compares: another version answers 412 (with the current `ETag`) and nothing is written; the same one
    lets the write go on under the lock, in the same transaction, so of two writes sent with the same `If-Match` only
    the first succeeds. Without `If-Match` a write is not checked (the last one wins)."""

    WRITES = ("update", "partial_update", "destroy")

    @property
    def versioned(self) -> bool:
        return is_versioned(self.queryset.model)

    def get_object(self):
        obj = super().get_object()
        header = self.request.headers.get("If-Match")
        if self.action in self.WRITES and header is not None and self.versioned:
            self.check_if_match(obj, header)
        self._versioned_object = obj
        return obj

    def check_if_match(self, obj, header: str) -> None:
        """Under the row lock (the write runs in the transaction `update` / `destroy` opened): refuse (412) unless the
        row's version is one `If-Match` names, then reload it, so the write starts from the row as locked."""
        model = type(obj)
        now = current_version(model, obj.pk, lock=True)
        accepted = if_match_versions(header)
        if now is None or (accepted is not None and now not in accepted):
            raise PreconditionFailed(etag(now) if now else None)
        obj.refresh_from_db()

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.versioned and response.status_code == 200:
            response["ETag"] = etag(version_of(self._versioned_object))
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        obj = getattr(self, "_versioned_object", None)
        # Read from the database: a service may have saved the row through another instance.
        if (
            self.versioned
            and response.status_code == 200
            and obj is not None
            and (now := current_version(type(obj), obj.pk))
        ):
            response["ETag"] = etag(now)
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)


class DomainViewSet(VersionMixin, HistoryMixin, RestrictedModelViewSet):
    """The usual base: restricted CRUD plus history, with `ETag` / `If-Match` (safe concurrent edits)."""


class ReadOnlyRestrictedViewSet(RestrictedModelViewSet):
    http_method_names = ["get", "head", "options"]
