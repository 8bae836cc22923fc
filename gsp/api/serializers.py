"""Base serializer: validation happens in the model, and related objects are restricted to the visible."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from ..access import actor_label
from .exceptions import django_errors


class DomainSerializer(serializers.ModelSerializer):
    """ModelSerializer that runs the model's `full_clean()` (constraints and `clean()`), so the API and a form
    can never disagree, and that offers as related objects only those the requesting user may see: a
    reference to an invisible row is answered like one to a row that does not exist."""

    def get_fields(self):
        fields = super().get_fields()
        if self._writes_nothing():
            return fields
        user = getattr(self.context.get("request"), "user", None)
        for field in fields.values():
            related = field.child_relation if isinstance(field, ManyRelatedField) else field
            queryset = getattr(related, "queryset", None) if isinstance(related, RelatedField) else None
            if queryset is not None and hasattr(queryset, "visible_to"):
                related.queryset = queryset.visible_to(user)
        return fields

    def _writes_nothing(self) -> bool:
        """Each row of a list being read (the child of a `many=True` serializer given no data): its related fields
        only write ids out, so their choices are never read. Restricting them would build each related model's
        visibility rule (the trainee's reads the user's cohorts and offers) for nothing on every page of a list.
        Forms (the browsable API's) and writes, bulk or nested ones included, have no such parent or have data."""
        parent = self.parent
        reading = not hasattr(parent, "initial_data") and not hasattr(self.root, "initial_data")
        return isinstance(parent, serializers.ListSerializer) and reading

    #: model fields that full_clean() skips because a service, not the client, sets them
    clean_exclude: tuple[str, ...] = ()

    def model_clean_exclude(self) -> list[str]:
        return [f.name for f in self.Meta.model._meta.many_to_many] + list(self.clean_exclude)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        candidate = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        m2m = set(self.model_clean_exclude())
        for name, value in attrs.items():
            if name not in m2m and not isinstance(self.fields.get(name), serializers.BaseSerializer):
                setattr(candidate, name, value)
        for name, value in self.context.get("extra_attrs", {}).items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=list(m2m))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_errors(exc)) from exc
        return attrs


TIMESTAMPS = ["created", "updated"]


class CreateOnlyMixin:
    """Fields set when the object is created and read-only afterwards (a service or an action moves them)."""

    create_only_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in self.create_only_fields:
                fields[name].read_only = True
        return fields


@extend_schema_field(
    {"type": "string", "nullable": True, "description": "Who: name and organisation; null for a system change."}
)
class ActorField(serializers.Field):
    """A user as other organisations may see them: name and organisation, never a login or e-mail address."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return actor_label(value)
