"""One JSON shape for every API error.

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["message", …]}}

`errors` is present for validation errors only. A delete refused because other rows reference the object,
or a write that collides with a concurrent one, answers 409; a write whose `If-Match` names a version the object no
longer has answers 412 (with the current `ETag`); a query cancelled by the statement timeout answers 503 (with
`Retry-After`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gsp.db import is_statement_timeout
from gsp.errors import Refused


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this server accepts."
    default_code = "too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than {limit:,} bytes, the most this server accepts.")


class PreconditionFailed(exceptions.APIException):
    """412: the object changed since the client read it (its `If-Match` names another version). The response carries
    the current `ETag`, so the client can fetch the object again, merge and retry."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object was changed by someone else since you read it: fetch it again and retry."
    default_code = "precondition_failed"

    def __init__(self, etag: str | None = None):
        self.etag = etag
        super().__init__()


class StatementTimedOut(exceptions.APIException):
    """503: the database cancelled a query that ran past the statement timeout; nothing was saved. `Retry-After` says
    when to try again (DRF writes it from `wait`)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The database took too long to answer and the request was cancelled; nothing was saved. Retry later."
    )
    default_code = "timeout"
    wait = 5


def django_errors(exc: DjangoValidationError) -> dict | list:
    """A Django ValidationError as DRF field errors (non-field messages under `non_field_errors`)."""
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"non_field_errors": exc.messages}


class RefusedConflict(Conflict):
    """409 carrying field errors, for a request the current state refuses (`gsp.errors.Refused`)."""

    default_code = "refused"

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(str(m) for msgs in errors.values() for m in msgs), "refused")


def translate_exception(exc):
    if is_statement_timeout(exc):
        return StatementTimedOut()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, Refused):
        return RefusedConflict(django_errors(exc))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(django_errors(exc))
    if isinstance(exc, (ProtectedError, RestrictedError)):
        names = sorted({str(obj._meta.verbose_name_plural) for obj in list(exc.args[1])[:50]})  # lazy → str
        return Conflict(f"This object is still referenced by {', '.join(names)}; it cannot be deleted.", "referenced")
    if isinstance(exc, IntegrityError):
        return Conflict("The change conflicts with existing data (a concurrent or duplicate write).")
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def _flatten(detail) -> str:
    if isinstance(detail, dict):
        return "Some fields are invalid."
    if isinstance(detail, list):
        return " ".join(str(d) for d in detail)
    return str(detail)


def exception_handler(exc, context):
    exc = translate_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": _code(exc), "detail": _flatten(exc.detail)}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["errors"] = detail
    if isinstance(exc, RefusedConflict):
        body["errors"] = exc.errors
    headers = _headers(response)
    if getattr(exc, "etag", None):
        headers["ETag"] = exc.etag
    return Response(body, status=response.status_code, headers=headers)


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, RefusedConflict):
        return "refused"
    return codes if isinstance(codes, str) else "error"


def _headers(response) -> dict:
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}


def api_not_found(request, exception=None):
    """The project's 404 handler: a path under /api/ that names no resource answers in the API's error shape;
    any other path gets the HTML page."""
    if request.path.startswith("/api/"):
        body = {"status": 404, "code": "not_found", "detail": "No API resource at this path."}
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)
