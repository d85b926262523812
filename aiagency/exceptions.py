"""The API's single error shape.

Every error answers `{"error": {"code", "message", "fields"}}` (and `details`, facts about the
refusal, when a service gives some: e.g. the best pass rate behind `gate_not_passed`); `fields`
maps a field name (dotted for nested input, `non_field_errors` otherwise) to its messages, so a
client can put each message next to the input that caused it. Services raise `DomainError`
subclasses; this handler turns them, and DRF's own exceptions, into that shape. A database that
cannot be reached or is too busy (no pooled connection within `DATABASE_POOL_TIMEOUT`, a
deadlock, a cancelled statement) answers 503 with `Retry-After`: the request may well succeed
again shortly, which a 500 would not say.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from aiagency.errors import DomainError

logger = logging.getLogger("aiagency")


class DatabaseUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = _("The database is unavailable or busy; try again in a few seconds.")
    default_code = "unavailable"
    wait = 5  # seconds, sent as Retry-After (DRF's exception handler reads `wait`)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(
            gettext("The request body is over the limit of %(limit)s bytes.")
            % {"limit": f"{limit:,}"}
        )


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into `{"field.sub": ["message", ...]}`."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _error_body(
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    details: dict | None = None,
) -> dict:
    body = {"code": code, "message": message, "fields": fields or {}}
    if details:
        body["details"] = details
    return {"error": body}


def _validation_message(fields: dict[str, list[str]]) -> str:
    named = ", ".join(sorted(name for name in fields if name != "non_field_errors"))
    if named:
        return gettext("Invalid input: %(fields)s.") % {"fields": named}
    return gettext("Invalid input.")


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(
            _error_body(exc.code, exc.message, exc.errors, exc.details),
            status=exc.status_code,
            headers=headers,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, OperationalError):
        logger.error("database unavailable", exc_info=exc)
        exc = DatabaseUnavailable()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        response.data = _error_body("invalid", _validation_message(fields), fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, (dict, list)) else exc.default_detail
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = _error_body(str(code), str(message))
    return response


# --- Django's own error pages, for what no DRF view answered -------------------------------------
# Under /api/ they answer in the API's shape too: an unknown path, a body refused by Django before
# any view ran, a crash outside DRF. Elsewhere (the admin, the dashboard) Django's pages stay.
def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(_error_body(code, message), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        error = RequestTooLarge()
        return _json_error(error.status_code, error.default_code, str(error.detail))
    return _json_error(400, "bad_request", gettext("The request cannot be read."))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json_error(403, "permission_denied", str(exceptions.PermissionDenied.default_detail))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json_error(404, "not_found", str(exceptions.NotFound.default_detail))


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        return defaults.server_error(request)
    return _json_error(500, "server_error", str(exceptions.APIException.default_detail))


class UnknownApiPath(APIView):
    """The last route under /api/: any method on a path no other route matched answers 404 in the
    API's shape, with `DEBUG` on too (Django's 404 handler serves only with it off)."""

    authentication_classes: list = []  # unknown to everyone alike
    permission_classes: list = []
    schema = None

    # DRF calls both with its Request, where Django's View (in the stubs) declares an HttpRequest.
    def http_method_not_allowed(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response:
        raise exceptions.NotFound()

    def options(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response:
        raise exceptions.NotFound()
