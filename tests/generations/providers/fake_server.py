"""A scripted HTTP server on 127.0.0.1 that stands in for a provider's API.

The SDKs talk to it over a real socket, so their own request building, response parsing,
streaming and error mapping all run; only the remote host is fake. The SDKs use `httpx2`,
which respx cannot intercept, hence a loopback server rather than a transport mock.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# The fake server's host: on loopback, which adapters refuse to call unless allowed to.
LOOPBACK = frozenset({"127.0.0.1"})


@dataclass
class FakeResponse:
    """One scripted answer. `events` makes it a streamed (close-delimited) body."""

    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    events: list[str] | None = None
    delay: float = 0.0
    # Seconds between streamed events, as a model producing tokens paces them.
    event_delay: float = 0.0
    # Hold the answer until this many requests are being answered at once (at most `delay`
    # seconds), and from then on hold none: tests of concurrency wait for that state instead of
    # racing a clock.
    gather: int = 0


@dataclass
class RecordedRequest:
    """A request as the fake server saw it; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def openai_completion(
    text: str, *, model: str, prompt_tokens: int = 12, completion_tokens: int = 4
) -> dict[str, Any]:
    """An OpenAI chat completion answering `text`, as OpenAI-compatible servers send it."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def openai_stream(
    words: list[str], *, model: str, prompt_tokens: int, completion_tokens: int
) -> list[str]:
    """The events of an OpenAI chat completion streamed a word at a time, then its usage."""

    def chunk(text: str | None, finish: str | None = None) -> dict[str, Any]:
        delta = {"content": text} if text is not None else {}
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
    return sse(
        *[chunk(word) for word in words],
        chunk(None, "stop"),
        {**chunk(None), "choices": [], "usage": usage},
        "[DONE]",
    )


def sse(*payloads: dict[str, Any] | str, event: str | None = None) -> list[str]:
    """Format payloads as Server-Sent Events (`data: ...` blocks)."""
    prefix = f"event: {event}\n" if event else ""
    return [f"{prefix}data: {p if isinstance(p, str) else json.dumps(p)}\n\n" for p in payloads]


class _HTTPServer(ThreadingHTTPServer):
    # Room for many callers connecting at once (a server under load calls for each request);
    # the default backlog of 5 drops connections, which the caller retries a second later.
    request_queue_size = 256


class FakeServer:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        # The most requests being answered at once, for tests of concurrent callers.
        self.max_in_flight = 0
        self._in_flight = 0
        self._in_flight_lock = threading.Condition()
        # Set once `gather` requests were answered at once: from then on none is held. A level
        # (in flight >= gather) would not do: the last arrivals would see it and answer at once,
        # and the first, woken a moment later, would find fewer in flight and hold to `delay`.
        self._gathered = False
        self._responses: list[FakeResponse] = []
        # When set, called for every request instead of the queue (e.g. random faults).
        self.chooser: Callable[[], FakeResponse] | None = None
        self._default = FakeResponse(status=500, body={"error": "no response scripted"})
        # Set on shutdown so a handler sleeping to simulate a slow provider wakes at once.
        self._stopping = threading.Event()
        self._httpd = _HTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        # A short poll interval: shutdown() waits for the serving loop's next poll.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def respond(self, *responses: FakeResponse) -> None:
        """Queue answers; the last one keeps being served once the queue is down to it."""
        self._responses.extend(responses)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._in_flight_lock:
            self._in_flight_lock.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()

    @contextlib.contextmanager
    def _answering(self) -> Iterator[None]:
        with self._in_flight_lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self._in_flight_lock.notify_all()
        try:
            yield
        finally:
            with self._in_flight_lock:
                self._in_flight -= 1

    def _hold(self, answer: FakeResponse) -> bool:
        """Wait as `answer` asks; True when the server is stopping meanwhile."""
        if answer.gather:
            with self._in_flight_lock:
                if self._in_flight >= answer.gather:
                    self._gathered = True
                    self._in_flight_lock.notify_all()
                self._in_flight_lock.wait_for(
                    lambda: self._gathered or self._stopping.is_set(),
                    timeout=answer.delay or None,
                )
            return self._stopping.is_set()
        return bool(answer.delay) and self._stopping.wait(answer.delay)

    def respond_with(self, chooser: Callable[[], FakeResponse]) -> None:
        """Answer every request with `chooser()` (called under a lock), bypassing the queue."""
        self.chooser = chooser

    def _next_response(self) -> FakeResponse:
        if self.chooser is not None:
            with self._in_flight_lock:
                return self.chooser()
        if len(self._responses) > 1:
            return self._responses.pop(0)
        return self._responses[0] if self._responses else self._default

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle's algorithm on, the body
            # would wait for the client's delayed ACK (~40 ms) on every keep-alive request.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep pytest output clean

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # The client died while sending (a worker killed mid-request): no request
                    # reached the provider, so none is recorded or answered.
                    self.close_connection = True
                    return
                server.requests.append(
                    RecordedRequest(
                        "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body
                    )
                )
                answer = server._next_response()
                with server._answering():
                    if server._hold(answer):
                        return
                    # The client may have given up already (timeout tests): nothing to do then.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self._write(answer)

            do_GET = do_POST

            def _write(self, answer: FakeResponse) -> None:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.events is not None:
                    self._write_stream(answer)
                    return
                payload = _encode(answer.body)
                if "Content-Type" not in answer.headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _write_stream(self, answer: FakeResponse) -> None:
                if "Content-Type" not in answer.headers:
                    self.send_header("Content-Type", "text/event-stream")
                # Close-delimited body: the simplest framing every HTTP client understands.
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                for event in answer.events or []:
                    if answer.event_delay and server._stopping.wait(answer.event_delay):
                        return
                    self.wfile.write(event.encode())
                    self.wfile.flush()

        return Handler


def _encode(body: bytes | str | dict[str, Any] | list[Any]) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def running_server() -> Iterator[FakeServer]:
    server = FakeServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
