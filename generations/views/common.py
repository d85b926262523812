"""What the API views share: the Idempotency-Key header and its replays, server-sent events and the
label filter."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django import forms
from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from aiagency.renderers import ErrorOnlyRenderer
from generations.services.batch_progress import ProgressEvent

IDEMPOTENCY_HEADER = "Idempotency-Key"
LARGEST_VERSION = 2**31 - 1  # a version number's column
REPLAYED_HEADER = "Idempotent-Replayed"


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    return key[:255] or None


def created_or_replayed(
    data: Any, *, created: bool, code: int = status.HTTP_202_ACCEPTED, replay_code: int = 200
) -> Response:
    """A create's answer: `code` the first time; `replay_code` (200) with `Idempotent-Replayed`
    when a repeated `Idempotency-Key` brought back the first request's row."""
    if created:
        return Response(data, status=code)
    return Response(data, status=replay_code, headers={REPLAYED_HEADER: "true"})


class SupportsClose(Protocol):
    def close(self) -> None: ...


class EventStreamRenderer(ErrorOnlyRenderer):
    """For the stream endpoint: an error raised before streaming starts is one `error` event."""

    media_type = "text/event-stream"
    format = "sse"

    def error_text(self, data: Any) -> str:
        return sse("error", data)


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


def render_progress_event(event: ProgressEvent) -> str:
    if event.data is None:
        return f": {event.event}\n\n"  # a comment, which EventSource ignores
    return sse(event.event, event.data)


class _EventsClosingTheirSource:
    """Events read from a source that must be closed with the response. Django closes the
    content it streams, read or not, but not what that content reads from: a generator closed
    before it starts never reaches its source. Closing the source ends the events."""

    def __init__(self, events: Iterable[str], source: SupportsClose) -> None:
        self._events = events
        self._source = source

    def __iter__(self) -> Iterator[str]:
        return iter(self._events)

    def close(self) -> None:
        self._source.close()


def event_stream_response(
    stream: Iterable[str], *, source: SupportsClose | None = None
) -> StreamingHttpResponse:
    """Server-sent events, passed on unbuffered by proxies (nginx, ingress-nginx). `source`, what
    the events are read from, is closed with the response, read or not."""
    content = stream if source is None else _EventsClosingTheirSource(stream, source)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


class LabelFilter(filters.CharFilter):
    """`?label=production`: the rows run through that label (a slug, as labels are named)."""

    field_class = forms.SlugField

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "label")
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", gettext_lazy("Only what ran through this label."))
        super().__init__(**kwargs)
