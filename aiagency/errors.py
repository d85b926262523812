"""Domain exceptions: raised by services, turned into API errors by `aiagency.exceptions`.

Kept free of DRF imports so that models, services and tasks can raise them anywhere.
"""

from __future__ import annotations

from http import HTTPStatus


class DomainError(Exception):
    """A business rule refused the request; the message is safe to show to the caller."""

    status_code = HTTPStatus.BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    status_code = HTTPStatus.CONFLICT
    code = "conflict"


class QuotaExceeded(DomainError):
    status_code = HTTPStatus.TOO_MANY_REQUESTS
    code = "quota_exceeded"


class ForbiddenError(DomainError):
    """The caller's role does not allow this particular change."""

    status_code = HTTPStatus.FORBIDDEN
    code = "permission_denied"
