"""The ASGI entry point, served by gunicorn with uvicorn workers (`docker/entrypoint.sh api`).

Django's own handler serves a `StreamingHttpResponse` built on a *synchronous* iterator (every
streaming view here, e.g. the Server-Sent Events of `POST /api/generations/stream/`) by first
reading the whole iterator into a list, so under ASGI nothing reaches the client before the
provider has finished. `StreamingASGIHandler` instead pulls such an iterator one chunk at a time,
each `next()` in the request's own thread (the one `ThreadSensitiveContext` gives every request,
where its database connection lives), so events go out as they are produced.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpResponseBase, StreamingHttpResponse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")

_DONE = object()


async def iterate_in_thread(iterable: Iterable[Any]) -> AsyncIterator[Any]:
    """Yield from a synchronous iterable, each step run by `sync_to_async` (thread-sensitive:
    the same thread every time), and close it whether it ran out, failed or was abandoned (the
    client went away)."""
    iterator: Iterator[Any] = iter(iterable)
    step = sync_to_async(next, thread_sensitive=True)
    try:
        while (chunk := await step(iterator, _DONE)) is not _DONE:
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            await sync_to_async(close, thread_sensitive=True)()


class StreamingASGIHandler(ASGIHandler):
    async def send_response(self, response: HttpResponseBase, send: Any) -> None:
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            # The setter sees an async iterator and marks the response async.
            response.streaming_content = iterate_in_thread(response.streaming_content)
        await super().send_response(response, send)


def get_asgi_application() -> StreamingASGIHandler:
    django.setup(set_prefix=False)
    return StreamingASGIHandler()


application = get_asgi_application()
