"""The OpenAPI schema documents the API's errors: every operation lists the 4xx it may answer, each with the one
error shape of gsp/api/exceptions.py, so a client (and a schema-based fuzzer) knows them from the schema alone.

Which ones an operation lists follows from what it takes:
- 401 (no, or a bad, credential) and 403 (refused) everywhere;
- 400 where there are query parameters or a body to be invalid;
- 404 where the path names an object (absent or invisible alike);
- 409 on writes (a state that refuses the change, a delete of a referenced object, a concurrent write);
- 413 and 415 where there is a body (too large; not JSON);
- on an object of a versioned resource (gsp/versions.py): `ETag` on GET, PUT and PATCH, the `If-Match` header and 412
  on PUT, PATCH and DELETE.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERRORS = {
    "400": "Invalid data or query parameters (code `invalid`, with `errors`), or malformed JSON (`parse_error`).",
    "401": "No credentials, or an invalid, expired or revoked token.",
    "403": "You may see the object (or the collection) but not make this change.",
    "404": "The object does not exist or is not visible to you.",
    "409": "The current state refuses the change (code `refused`, with `errors`), the object is still referenced "
    "(`referenced`), or the write conflicts with a concurrent one.",
    "413": "The request body is larger than the server accepts.",
    "412": "`If-Match` names a version the object no longer has: someone changed it since you read it. Nothing was "
    "saved; the response's `ETag` is the current version (fetch the object again, then retry).",
    "415": "The request body is not JSON.",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
VERSIONED_WRITES = {"update", "partial_update", "destroy"}
ETAG_ACTIONS = {"retrieve", "update", "partial_update"}
ETAG_HEADER = {
    "schema": {"type": "string"},
    "description": "The object's version (an opaque quoted token). Send it back as `If-Match` to change the object "
    "only if nobody changed it meanwhile.",
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The `ETag` you read: the change is made only if the object still has that version, else 412 "
    "and nothing is saved. Without it the change is made whatever happened meanwhile (the last write wins).",
}


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="What went wrong, for programs: `invalid`, `not_found`, `refused`…")
    detail = serializers.CharField(help_text="What went wrong, for people.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Messages by field (`non_field_errors` for the object as a whole); with codes `invalid` and "
        "`refused` only.",
    )

    class Meta:
        ref_name = "Error"


class GSPAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error responses above to every operation."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        parameters = {p["in"] for p in operation.get("parameters", [])}
        has_body = "requestBody" in operation
        codes = {"401", "403"}
        if "query" in parameters or has_body:
            codes.add("400")
        if "path" in parameters:
            codes.add("404")
        if self.method in WRITES:
            codes.add("409")
        if has_body:
            codes |= {"413", "415"}
        versioned_action = self._versioned_action()
        if versioned_action in VERSIONED_WRITES:
            codes.add("412")
            operation.setdefault("parameters", []).append(IF_MATCH)
        error = {"application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}}
        responses = operation["responses"]
        for code in sorted(codes - set(responses)):
            responses[code] = {"description": ERRORS[code], "content": error}
        if versioned_action in ETAG_ACTIONS:
            for code in ("200",):
                if code in responses:
                    responses[code].setdefault("headers", {})["ETag"] = ETAG_HEADER
        if "401" in responses:
            responses["401"]["headers"] = {
                "WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Token`: how to authenticate."}
            }
        return operation

    def _versioned_action(self) -> str | None:
        """The view's action when the view versions its objects (`VersionMixin`), else None."""
        if not getattr(self.view, "versioned", False):
            return None
        return getattr(self.view, "action", None)
