"""What an endpoint receives: the event's object as the endpoint's organisation may see it through the API.

The payload is built at delivery time, for the organisation, never for the person who caused the event: the object
is read through `Model.objects.visible_to(acting_for(organisation))` (a viewer of that organisation, exactly what
one of its viewer API tokens sees) and serialised with the API serializer that the apps above register, so what
the API hides from the organisation (another employer's placement; a trainee's name before an offer is accepted) a
webhook never carries either. An object the organisation may not see gives no payload, and no delivery.
"""

import json
from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.module_loading import import_string

from ..access import Scope, Seat
from ..choices import MembershipRole

#: "app_label.modelname" → dotted path of the API serializer of that model (registered by the apps above).
_SERIALIZERS: dict[str, str] = {}


def register_serializer(model_label: str, serializer_path: str) -> None:
    """Called from an app's `AppConfig.ready()`: events about `model_label` objects carry this serializer's data."""
    _SERIALIZERS[model_label.lower()] = serializer_path


@cache
def _serializer(path: str):
    # DRF's views first, as a request would load them: they load the API settings' classes, which import
    # gsp.api.exceptions, which the serializers import too; the other way round (a worker that never served a
    # request) the two imports cycle.
    import_module("rest_framework.views")
    return import_string(path)


def acting_for(organisation):
    """An unsaved user standing for `organisation` with the viewer role and no other seat: `scope_of` reads the
    scope cached on it, so every visibility rule applies as to a viewer API token of the organisation. Its user id
    (0) matches no row, so nothing personal to a real user is granted."""
    user = get_user_model()(username=f"webhook-organisation-{organisation.pk}", is_active=True)
    seat = Seat(organisation.pk, organisation.kind, organisation.country_id, MembershipRole.VIEWER)
    user._gsp_scope = Scope(user_id=0, is_staff=False, seats=(seat,))
    return user


def visible_object(event, organisation):
    """The event's object if `organisation` may see it, else None (also when it no longer exists)."""
    try:
        model = apps.get_model(event.app_label, event.model)
    except LookupError:
        return None
    return model.objects.visible_to(acting_for(organisation)).filter(pk=event.object_id).first()


def payload_for(event, organisation) -> dict | None:
    """The JSON document delivered to `organisation`'s endpoint, or None when it may not see the object."""
    obj = visible_object(event, organisation)
    if obj is None:
        return None
    path = _SERIALIZERS.get(f"{event.app_label}.{event.model}")
    data = _serializer(path)(obj, context={}).data if path else {"id": obj.pk}
    return {
        "id": event.pk,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "partnership": event.partnership_id,
        "object": {"type": event.model, "id": event.object_id},
        "context": event.context,
        "data": data,
    }


def encode(payload: dict) -> bytes:
    """The exact bytes sent and signed."""
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False).encode()
