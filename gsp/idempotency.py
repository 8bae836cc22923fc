"""`Idempotency-Key` on POST: a retry with the same key and body replays the first response.

The key is reserved in its own committed row before the work runs, so a concurrent duplicate finds it and
is answered 409; a retry after success gets the stored response (with `Idempotent-Replayed: true`); the same
key with a different body is refused with 422. Failed requests release the key, so they can be retried.
"""

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from .api.exceptions import Conflict
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used for a different request."
    default_code = "idempotency_key_reused"


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(request, perform) -> Response:
    """Run `perform()` at most once per (user, Idempotency-Key)."""
    key = request.headers.get(HEADER)
    if not key:
        return perform()
    if len(key) > 255:
        raise ValidationError({HEADER: ["At most 255 characters."]})
    fingerprint = _fingerprint(request)
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(user=request.user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        return _replay(IdempotentRequest.objects.get(user=request.user, key=key), fingerprint)
    try:
        response = perform()
    except BaseException:
        record.delete()
        raise
    if status.is_success(response.status_code):
        record.status_code, record.response_body = response.status_code, response.data
        record.save(update_fields=["status_code", "response_body"])
    else:
        record.delete()
    return response


def _replay(record: IdempotentRequest, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise KeyReused()
    if record.status_code is None:
        raise Conflict("A request with this Idempotency-Key is still being processed; retry later.")
    return Response(record.response_body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def purge_expired() -> int:
    return IdempotentRequest.objects.filter(created__lt=timezone.now() - KEEP_FOR).delete()[0]
