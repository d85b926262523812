"""Domain exceptions: raised by services, turned into API errors by `aiagency.exceptions`.

Kept free of DRF imports so that models, services and tasks can raise them anywhere.
"""

from __future__ import annotations

from http import HTTPStatus

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule refused the request; the message is safe to show to the caller."""

    status_code = HTTPStatus.BAD_REQUEST
    code = "invalid"
    retry_after: int | None = None  # seconds, sent as `Retry-After` when set
    details: dict | None = None  # more facts for the caller, sent as `error.details` when set

    def __init__(
        self,
        message: str | Promise,
        *,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        # A lazy translation (a module's constant) is rendered in the language of the answer.
        message = str(message)
        super().__init__(message)
        self.message = message
        # Per-field messages for the API's `fields`; one field's message when only it is named.
        self.errors = errors or ({field: [message]} if field else {})


class ConflictError(DomainError):
    status_code = HTTPStatus.CONFLICT
    code = "conflict"


class NotFoundError(DomainError):
    status_code = HTTPStatus.NOT_FOUND
    code = "not_found"


class _TryLater(DomainError):
    """Refused for now (429): `Retry-After` says in how many seconds to try again."""

    status_code = HTTPStatus.TOO_MANY_REQUESTS

    def __init__(self, message: str | Promise, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaExceeded(_TryLater):
    """A limit was reached; the message says which one and when it resets."""

    code = "quota_exceeded"


class RateLimited(_TryLater):
    """Too many attempts in a short time (sign-ins, a user's generation pace), as opposed to a
    spent budget: refused before any work, `Retry-After` says when to try again."""

    code = "rate_limited"


class SignInRefused(DomainError):
    """Unknown email, wrong password or inactive account: one answer, which tells none apart."""

    status_code = HTTPStatus.UNAUTHORIZED
    code = "no_active_account"


class ForbiddenError(DomainError):
    """The caller's role does not allow this particular change."""

    status_code = HTTPStatus.FORBIDDEN
    code = "permission_denied"
