"""Under ASGI, a request crosses between the event loop and its thread only a few times: the
middleware chain and the view run synchronously in one go (aiagency.asgi.SyncAppASGIHandler)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from asgiref.sync import AsyncToSync, SyncToAsync

from aiagency.asgi import SyncAppASGIHandler


def asgi_get(application: SyncAppASGIHandler, path: str) -> list[dict[str, Any]]:
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
    hops: list[str] = []
    for adapter in (SyncToAsync, AsyncToSync):
        monkeypatch.setattr(adapter, "__call__", counted(adapter, hops))

    sent = asgi_get(SyncAppASGIHandler(), "/healthz")

    assert sent[0]["status"] == 200
    # The request_started signal, the chain with its view, the response's close (which sends
    # request_finished). With Django's own handler and middlewares it was 18 and more.
    assert hops == ["SyncToAsync"] * 3, hops


def counted(adapter: type, hops: list[str]) -> Callable[..., Any]:
    original = adapter.__call__
    if adapter is SyncToAsync:

        async def count_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            hops.append(adapter.__name__)
            return await original(self, *args, **kwargs)

        return count_async

    def count(self: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(adapter.__name__)
        return original(self, *args, **kwargs)

    return count
