"""The API's single error shape.

Every error answers `{"error": {"code", "message", "fields"}}`; `fields` maps a field name (dotted
for nested input, `non_field_errors` otherwise) to its messages, so a client can put each message
next to the input that caused it. Services raise `DomainError` subclasses; this handler turns them,
and DRF's own exceptions, into that shape. A database that cannot be reached or is too busy (no
pooled connection within `DATABASE_POOL_TIMEOUT`, a deadlock, a cancelled statement) answers 503
with `Retry-After`: the request may well succeed again shortly, which a 500 would not say.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from aiagency.errors import DomainError

logger = logging.getLogger("aiagency")


class DatabaseUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The database is unavailable or busy; try again in a few seconds."
    default_code = "unavailable"
    wait = 5  # seconds, sent as Retry-After (DRF's exception handler reads `wait`)


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


def _error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _validation_message(fields: dict[str, list[str]]) -> str:
    named = ", ".join(sorted(name for name in fields if name != "non_field_errors"))
    return f"Invalid input: {named}." if named else "Invalid input."


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(
            _error_body(exc.code, exc.message, exc.errors), status=exc.status_code, headers=headers
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
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
