"""Log context: every line written while a request runs carries its request id, and the ids of the
user and workspace when they are known, so that an ELK or Loki pipeline can follow one request or
one tenant, and the client's address (believed from a forwarded header only behind a trusted
proxy).

DRF authenticates lazily, inside the view, so the user is not known when middleware runs. Instead
of asking every view to record it, the middleware keeps the current request in a context variable
and the filter reads the user when a line is written: DRF puts the user it authenticated (and the
API key) on the underlying Django request. A session user that nothing has looked at yet is left
alone rather than loaded from a log call. The workspace is known to whichever code resolves it,
which calls `bind_log_context(workspace_id=...)`; an API key implies its own. Fields passed with
`extra=` win over the context (a worker logs about a generation of another workspace than none).

Servers write JSON lines. Command-line tools with a progress bar write through
`command_line_logging()`: above the bar, and readable by a person at a terminal (`LOG_FORMAT`).
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty
from tqdm.contrib.logging import logging_redirect_tqdm

from aiagency.client_address import client_address

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
request_var: ContextVar[HttpRequest | None] = ContextVar("log_request", default=None)
user_id_var: ContextVar[int | None] = ContextVar("log_user_id", default=None)
workspace_id_var: ContextVar[int | None] = ContextVar("log_workspace_id", default=None)

_UNSET: Any = object()


def _incoming_or_new_request_id(request: HttpRequest) -> str:
    # A proxy's id is reused so that its logs and ours join up; anything odd is replaced, since it
    # ends up in every log line.
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


def bind_log_context(*, user_id: int | None = _UNSET, workspace_id: int | None = _UNSET) -> None:
    """Name the user or workspace of the work under way (until the request, or task, ends)."""
    if user_id is not _UNSET:
        user_id_var.set(user_id)
    if workspace_id is not _UNSET:
        workspace_id_var.set(workspace_id)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _incoming_or_new_request_id(request)
        # Our own attribute, on Django's request.
        request.request_id = request_id  # type: ignore[attr-defined]
        tokens: list[tuple[ContextVar[Any], Token[Any]]] = [
            (request_id_var, request_id_var.set(request_id)),
            (request_var, request_var.set(request)),
            (user_id_var, user_id_var.set(None)),
            (workspace_id_var, workspace_id_var.set(None)),
        ]
        try:
            response = self.get_response(request)
        finally:
            for variable, token in reversed(tokens):
                variable.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _request_user_id(request: HttpRequest) -> int | None:
    # `__dict__`, not getattr: reading `request.user` would evaluate a lazy session user.
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        if user._wrapped is empty:  # not looked at by anyone yet
            return None
        user = user._wrapped
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def _request_workspace_id(request: HttpRequest) -> int | None:
    return getattr(request.__dict__.get("auth"), "workspace_id", None)  # an API key's


def _request_on(record: logging.LogRecord) -> HttpRequest | None:
    request = getattr(record, "request", None)
    return request if isinstance(request, HttpRequest) else None


class RequestIdFilter(logging.Filter):
    """Adds `request_id`, `timestamp` (ISO 8601, UTC), `user_id`, `workspace_id` and
    `client_address` (`aiagency.client_address`) to every record (None when unknown)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx or 5xx answer after the middleware has left (the request's context
        # is gone by then), with the request on the record.
        request = request_var.get() or _request_on(record)
        request_id = request_id_var.get()
        if request_id == "-" and request is not None:
            request_id = getattr(request, "request_id", "-")
        record.request_id = request_id
        record.timestamp = datetime.fromtimestamp(record.created, UTC).isoformat(
            timespec="milliseconds"
        )
        # None rather than "" (no peer address, a Unix socket): the log index maps it as an IP.
        record.client_address = (client_address(request) or None) if request is not None else None
        if getattr(record, "user_id", None) is None:
            user_id = user_id_var.get()
            if user_id is None and request is not None:
                user_id = _request_user_id(request)
            record.user_id = user_id
        if getattr(record, "workspace_id", None) is None:
            workspace_id = workspace_id_var.get()
            if workspace_id is None and request is not None:
                workspace_id = _request_workspace_id(request)
            record.workspace_id = workspace_id
        return True


# What every record has, and the context the filter adds: the rest is an event's own fields.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "timestamp",
    "request_id",
    "taskName",
}


class ReadableFormatter(logging.Formatter):
    """One line for a person: time, level, logger and message, then the event's own fields as
    `name=value` (those a JSON line would carry)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")

    def formatMessage(self, record: logging.LogRecord) -> str:
        fields = {
            name: value
            for name, value in vars(record).items()
            if name not in _RECORD_ATTRIBUTES and value is not None
        }
        request_id = getattr(record, "request_id", "-")
        if request_id != "-":
            fields["request_id"] = request_id
        suffix = "".join(f" {name}={value}" for name, value in fields.items())
        return super().formatMessage(record) + suffix


def log_format() -> str:
    """`LOG_FORMAT` when set; otherwise text for a person at a terminal (stderr is one), JSON lines
    for a machine (a pipe, a file, a log collector)."""
    return settings.LOG_FORMAT or ("text" if sys.stderr.isatty() else "json")


def _console_handlers() -> list[logging.Handler]:
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stdout, sys.stderr)
    ]


@contextmanager
def command_line_logging() -> Iterator[None]:
    """For a command-line tool's run: console log lines are written through tqdm, so that they
    appear above a progress bar instead of breaking it, and in `log_format()`."""
    with logging_redirect_tqdm():
        if log_format() == "text":
            for handler in _console_handlers():  # tqdm's, which the redirect put in place
                handler.setFormatter(ReadableFormatter())
        yield


class CommandLineLoggingMixin:
    """For management commands with a progress bar: the whole run logs through
    `command_line_logging()`. Put it before `BaseCommand` among the bases."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        with command_line_logging():
            # The command class this mixin goes into brings `execute` (BaseCommand's).
            return super().execute(*args, **options)  # type: ignore[misc]
