"""A batch's progress as a stream of events, for `GET /api/batches/{id}/events/` (and, through
`progress_events` and `progress_stream`, of whatever else runs as a batch: an evaluation), and
as counts for `manage.py run_batch --background`'s progress bar.

The stream polls the batch once a second for up to `BATCH_EVENTS_MAX_SECONDS`. It holds no
database connection while it waits: each poll takes one from the pool and gives it back, so 30
open streams (a viewer may open them; EventSource reconnects) no longer hold 30 pooled
connections and make every other request answer 503. Each user may hold at most
`BATCH_EVENTS_MAX_STREAMS_PER_USER` streams at once (counted in the cache, so across processes
with Redis); one more answers 429.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from aiagency.db import release_pooled_connection
from aiagency.errors import DomainError
from generations import selectors
from generations.models import Batch
from generations.selectors import BatchCounts, batch_counts

logger = logging.getLogger("generations")

POLL_SECONDS = 1.0
# A comment line this often keeps proxies from closing a quiet stream, and tells the server
# early that a client went away.
HEARTBEAT_SECONDS = 15.0


RETRY_AFTER_SECONDS = 5
Polled = TypeVar("Polled")


class TooManyStreams(DomainError):
    status_code = HTTPStatus.TOO_MANY_REQUESTS
    code = "too_many_streams"

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("You already have %(limit)d progress streams open; close one (another tab) first.")
            % {"limit": limit}
        )
        self.retry_after = RETRY_AFTER_SECONDS


@dataclass(frozen=True)
class ProgressEvent:
    """`progress` (data: the batch, serialized) when it changed, `done` once it has finished,
    `heartbeat` (no data) when nothing changed for a while."""

    event: str
    data: dict[str, Any] | None = None


class StreamSlot:
    """One of a user's `BATCH_EVENTS_MAX_STREAMS_PER_USER` stream slots, taken in the cache.

    A slot expires by itself shortly after the longest stream would have ended, so one left
    behind by a process that died frees itself."""

    def __init__(self, user_id: int) -> None:
        self._key: str | None = None
        self._user_id = user_id

    def take(self) -> None:
        limit = settings.BATCH_EVENTS_MAX_STREAMS_PER_USER
        ttl = int(settings.BATCH_EVENTS_MAX_SECONDS) + 60
        token = uuid.uuid4().hex
        for number in range(limit):
            key = f"batch-events:{self._user_id}:{number}"
            if cache.add(key, token, timeout=ttl):
                self._key = key
                return
        logger.info("batch progress stream refused", extra={"user_id": self._user_id})
        raise TooManyStreams(limit)

    def give_back(self) -> None:
        if self._key is not None:
            cache.delete(self._key)
            self._key = None


def _poll(load: Callable[[], Polled]) -> Polled | None:
    try:
        return load()
    except OperationalError:
        # The pool had no connection within its timeout: this second's update is skipped, the
        # stream goes on.
        logger.warning("progress poll skipped: database busy")
        return None
    finally:
        release_pooled_connection()


def progress_events(
    *,
    load: Callable[[], Polled],
    serialize: Callable[[Polled], dict[str, Any]],
    finished: Callable[[Polled], bool],
) -> Iterator[ProgressEvent]:
    """Events for what `load` reads, polled once a second, until it has `finished` or the
    stream's time is up. `serialize` turns it into what the client receives."""
    deadline = time.monotonic() + settings.BATCH_EVENTS_MAX_SECONDS
    last: dict[str, Any] | None = None
    quiet_since = time.monotonic()
    while True:
        polled = _poll(load)
        if polled is not None:
            data = serialize(polled)
            if data != last:
                yield ProgressEvent("progress", data)
                last, quiet_since = data, time.monotonic()
            if finished(polled):
                yield ProgressEvent("done", data)
                return
        if time.monotonic() >= deadline:
            return
        if time.monotonic() - quiet_since >= HEARTBEAT_SECONDS:
            yield ProgressEvent("heartbeat")
            quiet_since = time.monotonic()
        time.sleep(POLL_SECONDS)


def batch_progress(
    *, batch_id: int, serialize: Callable[[Batch], dict[str, Any]]
) -> Iterator[ProgressEvent]:
    """Events for the batch until it has finished (and its runner let go)."""
    return progress_events(
        load=lambda: selectors.batch_list().get(pk=batch_id),
        serialize=serialize,
        finished=lambda batch: selectors.batch_settled(
            cast("WithAnnotations[Batch, selectors.BatchRunColumns]", batch)
        ),
    )


class ProgressStream:
    """The events of `batch_progress` holding a stream slot until the stream is closed (by the
    server when it ends, or when the client went away), started or not."""

    def __init__(self, events: Iterator[Any], slot: StreamSlot) -> None:
        self._events = events
        self._slot = slot

    def __iter__(self) -> ProgressStream:
        return self

    def __next__(self) -> Any:
        return next(self._events)

    def close(self) -> None:
        try:
            close = getattr(self._events, "close", None)
            if close is not None:
                close()
        finally:
            self._slot.give_back()


def progress_stream(
    *, events: Iterator[ProgressEvent], user_id: int, render: Callable[[ProgressEvent], str]
) -> ProgressStream:
    """`events` for the user, rendered one by one, in one of their stream slots; raises
    `TooManyStreams`."""
    slot = StreamSlot(user_id)
    slot.take()
    return ProgressStream((render(event) for event in events), slot)


def batch_progress_stream(
    *,
    batch_id: int,
    user_id: int,
    serialize: Callable[[Batch], dict[str, Any]],
    render: Callable[[ProgressEvent], str],
) -> ProgressStream:
    """A progress stream of the batch for the user; raises `TooManyStreams`."""
    events = batch_progress(batch_id=batch_id, serialize=serialize)
    return progress_stream(events=events, user_id=user_id, render=render)


def batch_follow(*, batch_id: int, on_progress: Callable[[BatchCounts], None]) -> None:
    """Report the counts of a batch that the workers run, each `POLL_SECONDS`, until it is no
    longer active, and once more at its end."""
    while Batch.objects.filter(pk=batch_id, status__in=Batch.ACTIVE).exists():
        on_progress(batch_counts(batch_id=batch_id))
        time.sleep(POLL_SECONDS)
    on_progress(batch_counts(batch_id=batch_id))
