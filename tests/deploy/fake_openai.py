"""An OpenAI-compatible chat server on loopback for the cluster test: every process of the
cluster calls it through the real SDK, as it would call Ollama or vLLM.

Unlike tests/generations/providers/fake_server.py (a script of answers in order, for one test
at a time), it answers every request the same way, shaped by the request itself: a completion,
or a stream of chunks when the body asks for `stream`, each after `delay` seconds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.generations.providers.fake_server import openai_completion

MODEL = "llama3.1"


def completion(text: str) -> dict[str, Any]:
    return openai_completion(text, model=MODEL, prompt_tokens=10, completion_tokens=5)


def chunk(text: str | None, *, finish: str | None = None, usage: bool = False) -> dict[str, Any]:
    delta = {"content": text} if text is not None else {}
    body: dict[str, Any] = {
        "id": "chatcmpl-cluster",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage:
        body["choices"] = []
        body["usage"] = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    return body


class FakeOpenAI:
    def __init__(self, *, delay: float = 0.2, text: str = "Tea is a calm drink.") -> None:
        self.delay = delay
        self.text = text
        self.calls = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                with server._lock:
                    server.calls += 1
                if body.get("stream"):
                    self._stream()
                    return
                if server._stopping.wait(server.delay):
                    return
                payload = json.dumps(completion(server.text)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                words = server.text.split(" ")
                events = [chunk(w if i == 0 else f" {w}") for i, w in enumerate(words)]
                events += [chunk(None, finish="stop"), chunk(None, usage=True)]
                for event in events:
                    if server._stopping.wait(server.delay):
                        return
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def running(**options: Any) -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(**options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
