"""The OpenAPI schema's error responses, declared once for every operation of every app.

Every view answers errors in the one shape of `aiagency.exceptions`. Instead of each `extend_schema`
listing them, `ApiAutoSchema` adds to each operation the error statuses it can really return, by
what the operation is (it needs no view to cooperate):

- 400 everywhere: bad input, bad query parameters (`?workspace=abc`, filters, paging) and every
  business rule a service refuses (`DomainError`);
- 401 wherever a caller can authenticate, or send credentials that fail (the token endpoints);
- 403 wherever roles apply, and where an API key or a closed registration is refused;
- 404 for an operation on an object named in the path, scoped by a `workspace` parameter that
  may name a workspace the caller does not belong to, or paginated (a page past the last);
- 409 for writes (a slug taken, a stale `base_version`, a replayed `Idempotency-Key`);
- 413 when a request body exceeds `DATA_UPLOAD_MAX_MEMORY_SIZE`;
- 415 for writes sent in a media type the operation does not parse;
- 429 everywhere: the per-caller rate limit, and quotas, with `Retry-After`;
- 503 everywhere: the database unreachable or too busy, with `Retry-After`.

An operation that declares one of these codes itself keeps its own declaration.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework_simplejwt.views import TokenViewBase

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
_EVENT_STREAM = "text/event-stream"


def sse_event_schema(*events: str) -> dict[str, Any]:
    """One server-sent event as OpenAPI tools read a `text/event-stream` body: its `event` name
    and its `data`, a JSON document as text."""
    return {
        "type": "object",
        "properties": {
            "event": {"type": "string", "enum": list(events)},
            "data": {"type": "string", "description": "A JSON document."},
        },
        "required": ["event", "data"],
    }


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable: invalid, not_found, conflict, ...")
    message = serializers.CharField(help_text="Safe to show to the caller.")
    # A declared field, which DRF's metaclass takes out of the class (`.fields` stays the
    # serializer's own, as the stubs declare it).
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field (dotted for nested input); empty when no field is at fault.",
    )


class ErrorSerializer(serializers.Serializer):
    """`{"error": {"code", "message", "fields"}}`: the one shape of every error."""

    error = ErrorDetailSerializer()


_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
_DESCRIPTIONS = {
    "400": "Invalid input, or a business rule refused the request.",
    "401": "Missing, invalid or expired credentials.",
    "403": "The caller's role does not allow this.",
    "404": "No such object among the caller's workspaces.",
    "409": "Conflicts with the current state (slug taken, stale version, idempotency key reused).",
    "413": "The request body is too large.",
    "415": "Unsupported media type.",
    "429": "Rate limit or quota reached; retry after `Retry-After` seconds.",
    "503": "The database is unavailable or busy; retry after `Retry-After` seconds.",
}


class ApiAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        view, method = self.view, self.method
        authenticates = bool(view.get_authenticators())
        # Views that check the credentials they are sent (sign-in, token refresh) answer 401
        # without authenticating the caller, and never 403.
        is_token_view = isinstance(view, TokenViewBase) or getattr(
            view, "checks_credentials", False
        )
        codes = ["400"]
        if authenticates or is_token_view:
            codes.append("401")
        if not is_token_view:
            codes.append("403")
        parameters = {parameter.get("name") for parameter in self._get_parameters()}
        # A missing object, a stranger's workspace, or a page past the last (DRF answers 404).
        if "{" in self.path or parameters & {"workspace", "page"}:
            codes.append("404")
        if method in WRITE_METHODS:
            codes += ["409", "413", "415"]
        codes += ["429", "503"]
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = OpenApiResponse(response=ErrorSerializer)
        for code in self._error_codes():
            if code in responses:
                continue
            response = self._get_response_for_code(error, code, direction=direction)
            response["description"] = _DESCRIPTIONS[code]
            if _EVENT_STREAM in response.get("content", {}):
                # A client accepting only server-sent events gets the error shape as the data of
                # one `error` event, not as a JSON body.
                response["content"][_EVENT_STREAM] = {"schema": sse_event_schema("error")}
            if code in ("429", "503"):
                response["headers"] = dict(_RETRY_AFTER)
            responses[code] = response
        return responses
