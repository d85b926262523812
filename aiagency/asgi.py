"""The ASGI entry point, served by gunicorn with uvicorn workers (`docker/entrypoint.sh api`).

Every middleware and view here is synchronous, and Django's own ASGI handler serves such an app
at a cost of two kinds, both removed by `SyncAppASGIHandler`:

- **Hops.** Django builds the middleware chain for ASGI around an async core (URL resolution and
  the call of the view), so a request went from its thread to the event loop and back again in
  the middle of the chain, and once more for each middleware able to run either way. Here the
  chain is built synchronous, as under WSGI, and the whole of it, view included, is one step in
  the request's thread (the one `ThreadSensitiveContext` gives every request, where its
  database connection lives).
- **A thread per request.** Django gives each request a `ThreadSensitiveContext` of its own,
  whose executor starts a new thread for the request and, once it is answered, another thread to
  wait for the first one to end. Here each request borrows a thread from a pool of them
  (`RequestThreads`), and gives it back when it is answered.
- **Buffered streams.** Django serves a `StreamingHttpResponse` built on a *synchronous*
  iterator (every streaming view here, e.g. the Server-Sent Events of
  `POST /api/generations/stream/`) by first reading the whole iterator into a list, so nothing
  reached the client before the provider had finished. Here such an iterator is pulled one chunk
  at a time, each `next()` in the request's thread, so events go out as they are produced.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
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


class RequestThreads:
    """Threads lent to requests, one each for the request's whole life (thread-sensitive code
    must keep to one thread: Django's database connections do). A thread given back is lent
    again once it is idle: a request whose client went away is answered while its view may still
    be running. At most `idle` threads are kept waiting for a request."""

    def __init__(self, idle: int = 32) -> None:
        self.idle = idle
        self._free: deque[ThreadPoolExecutor] = deque()

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[None]:
        """Run the block's thread-sensitive calls (`sync_to_async`) in a thread of the pool."""
        try:
            thread = self._free.pop()
        except IndexError:
            thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")
        try:
            async with ThreadSensitiveContext(executor=thread):
                yield
        finally:
            # Runs after whatever the request left running in the thread.
            thread.submit(self._keep_or_stop, thread)

    def _keep_or_stop(self, thread: ThreadPoolExecutor) -> None:
        if len(self._free) < self.idle:
            self._free.append(thread)
        else:
            thread.shutdown(wait=False)


class SyncAppASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.threads = RequestThreads()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # which refuses it
            return
        async with self.threads.lend():
            await self.handle(scope, receive, send)

    def load_middleware(self, is_async: bool = False) -> None:
        """The chain as WSGI builds it (synchronous throughout), awaited as one step."""
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)

    async def send_response(self, response: HttpResponseBase, send: Any) -> None:
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            # The setter sees an async iterator and marks the response async.
            response.streaming_content = iterate_in_thread(response.streaming_content)
        await super().send_response(response, send)


def get_asgi_application() -> SyncAppASGIHandler:
    django.setup(set_prefix=False)
    return SyncAppASGIHandler()


application = get_asgi_application()
