"""Under ASGI, a request crosses between the event loop and its thread only a few times: the
middleware chain and the view run synchronously in one go (aiagency.asgi.SyncAppASGIHandler);
and its thread is one of a pool, not started for it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import AsyncToSync, SyncToAsync, sync_to_async

from aiagency.asgi import RequestThreads, SyncAppASGIHandler


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


def thread_of_request(threads: RequestThreads) -> Callable[[], Awaitable[int]]:
    async def serve() -> int:
        async with threads.lend():
            return await sync_to_async(threading.get_ident)()

    return serve


def test_one_request_after_another_reuses_the_thread() -> None:
    threads = RequestThreads()
    serve = thread_of_request(threads)

    async def run() -> list[int]:
        first = await serve()
        await asyncio.sleep(0.05)  # the thread is given back once idle
        return [first, await serve()]

    first, second = asyncio.run(run())
    assert first == second


def test_requests_at_once_run_in_threads_of_their_own() -> None:
    threads = RequestThreads()
    both_in = threading.Barrier(2, timeout=5)

    async def serve() -> int:
        async with threads.lend():
            # Each waits for the other inside its thread: one shared thread would never get there.
            return await sync_to_async(lambda: (both_in.wait(), threading.get_ident())[1])()

    async def run() -> list[int]:
        return await asyncio.gather(serve(), serve())

    first, second = asyncio.run(run())
    assert first != second


def test_a_thread_still_running_an_abandoned_view_is_not_lent_again() -> None:
    threads = RequestThreads()
    serve = thread_of_request(threads)
    view_may_end = threading.Event()
    view_threads: list[int] = []

    def slow_view() -> None:
        view_threads.append(threading.get_ident())
        view_may_end.wait(timeout=10)

    async def abandoned() -> None:
        async with threads.lend():
            view = asyncio.ensure_future(sync_to_async(slow_view)())
            await asyncio.sleep(0.05)
            view.cancel()  # the client went away: Django stops waiting, the view runs on

    async def run() -> int:
        await abandoned()
        await asyncio.sleep(0.05)
        return await asyncio.wait_for(serve(), timeout=5)  # not queued behind the view

    try:
        next_thread = asyncio.run(run())
    finally:
        view_may_end.set()
    assert view_threads and next_thread != view_threads[0]
