"""Streaming under ASGI (gunicorn + uvicorn workers): aiagency.asgi sends each chunk of a
synchronous streaming response as it is produced, where Django's own handler would first read
the whole iterator (so a client of the Server-Sent Events would see nothing until the end)."""

from __future__ import annotations

import asyncio
import threading
import warnings
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse

from aiagency.asgi import SyncAppASGIHandler, iterate_in_thread


class Source:
    """A synchronous iterator that records where and when it was advanced and closed."""

    def __init__(self, chunks: list[str]) -> None:
        self.chunks = chunks
        self.threads: set[int] = set()
        self.produced = 0
        self.closed = False

    def __iter__(self) -> Iterator[str]:
        try:
            for chunk in self.chunks:
                self.threads.add(threading.get_ident())
                self.produced += 1
                yield chunk
        finally:
            self.closed = True


def test_chunks_are_pulled_one_at_a_time_in_one_thread() -> None:
    source = Source(["a", "b", "c"])
    generator = iter(source)

    async def consume() -> list[tuple[str, int]]:
        seen = []
        async for chunk in iterate_in_thread(generator):
            seen.append((chunk, source.produced))
        return seen

    seen = asyncio.run(consume())
    # Each chunk reached the consumer before the next one was produced: nothing is buffered.
    assert seen == [("a", 1), ("b", 2), ("c", 3)]
    assert len(source.threads) == 1
    assert threading.get_ident() not in source.threads  # never on the event loop's thread


def test_an_abandoned_stream_is_closed() -> None:
    source = Source(["a", "b", "c"])
    generator = iter(source)

    async def take_one() -> None:
        stream = iterate_in_thread(generator)
        assert await anext(stream) == "a"
        await stream.aclose()  # the client went away

    asyncio.run(take_one())
    assert source.closed
    assert source.produced == 1


def send_collector(source: Source | None = None) -> tuple[list[dict], object]:
    """An ASGI `send` that keeps the messages, each with how many chunks had been produced."""
    messages: list[dict] = []

    async def send(message: dict) -> None:
        messages.append({**message, "produced": source.produced if source else None})

    return messages, send


def test_the_handler_sends_each_event_of_a_sync_stream_as_its_own_message() -> None:
    source = Source(["event: start\n\n", "event: delta\n\n", "event: done\n\n"])
    response = StreamingHttpResponse(iter(source), content_type="text/event-stream")
    messages, send = send_collector(source)
    handler = SyncAppASGIHandler()

    with warnings.catch_warnings():
        # What Django says when it has to read a sync iterator whole before sending it.
        warnings.filterwarnings("error", message="StreamingHttpResponse must consume")
        asyncio.run(handler.send_response(response, send))

    bodies = [
        (m["body"], m["produced"])
        for m in messages
        if m["type"] == "http.response.body" and m.get("body")
    ]
    # Sent as produced: Django's own handler would send all three after producing all three.
    assert bodies == [(b"event: start\n\n", 1), (b"event: delta\n\n", 2), (b"event: done\n\n", 3)]
    assert source.closed
    assert messages[0]["status"] == 200


def test_ordinary_responses_are_untouched() -> None:
    messages, send = send_collector()
    asyncio.run(SyncAppASGIHandler().send_response(HttpResponse(b"ok"), send))
    assert [m.get("body") for m in messages if m["type"] == "http.response.body"] == [b"ok"]
