"""Under ASGI, a request crosses between the event loop and its thread only a few times: the
middleware chain runs synchronously in one go (aiagency.middleware.SynchronousChain)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import SyncToAsync

from aiagency.asgi import StreamingASGIHandler


def asgi_get(application: StreamingASGIHandler, path: str) -> list[dict[str, Any]]:
    """The messages the application sends for one GET of `path`."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []

    async def run() -> None:
        body_read = asyncio.Event()
        finished = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if not body_read.is_set():
                body_read.set()
                return {"type": "http.request", "body": b"", "more_body": False}
            await finished.wait()  # the client stays connected until the answer is out
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await application(scope, receive, send)
        finished.set()

    asyncio.run(run())
    return sent


def test_a_request_hops_to_its_thread_a_few_times_not_once_per_middleware(monkeypatch) -> None:
    hops = 0
    original: Callable[..., Awaitable[Any]] = SyncToAsync.__call__

    async def counted(self: SyncToAsync, *args: Any, **kwargs: Any) -> Any:
        nonlocal hops
        hops += 1
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)

    sent = asgi_get(StreamingASGIHandler(), "/healthz")

    assert sent[0]["status"] == 200
    # The signals around the request, the chain, the view: with Django's own middlewares run
    # asynchronously it was 18.
    assert hops <= 6, hops
