"""An OpenAI-compatible provider on loopback for the chaos runs, which can cut its streams.

Every answer is shaped by the request (a completion, or a stream when the body asks for it) and
by `mode`, which a test sets:

- `ok`: a completion after `delay` s, or a stream of `deltas` chunks `delay / deltas` s apart,
  then the finish chunk, the usage chunk and `[DONE]`;
- `reset`: a stream that stops after `cut_after` chunks with a TCP reset (SO_LINGER 0), as when
  a provider's load balancer drops the connection;
- `truncated`: a stream that stops after `cut_after` chunks with a clean close, no finish chunk
  and no `[DONE]`, as when a proxy's body is cut short;
- `unauthorized` and `server_error`: a 401 or a 500 whose message quotes the caller's whole
  `Authorization` header (some providers echo part of a key; a hostile one could echo it all);
- `garbage`: a 200 whose body is not JSON.

Its own token count, which the server's billing is compared with, follows the rule the server
uses for a provider that reports no usage (one token per four characters): every chunk is one
four-character token, and a prompt counts `ceil(characters / 4)`. A completed answer reports the
same counts in its `usage`.
"""

from __future__ import annotations

import json
import math
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "chaos-model"
FAILURES = {
    "unauthorized": (401, '{"error": {"message": "Incorrect API key provided: {authorization}"}}'),
    "server_error": (500, '{"error": {"message": "upstream failed for {authorization}"}}'),
    "garbage": (200, "<html>{authorization}</html>"),
}
TOKEN = " ink"  # four characters: one token by the server's rule


def prompt_tokens(body: dict[str, Any]) -> int:
    text = "".join(str(message.get("content") or "") for message in body.get("messages", []))
    return math.ceil(len(text) / 4)


def _chunk(text: str | None, *, finish: str | None = None) -> dict[str, Any]:
    delta = {"content": text} if text is not None else {}
    return {
        "id": "chatcmpl-chaos",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _usage_chunk(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-chaos",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": MODEL,
        "choices": [],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def _completion(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-chaos",
        "object": "chat.completion",
        "created": 0,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": TOKEN * completion},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


class ChaosProvider:
    def __init__(self, *, delay: float = 0.05, deltas: int = 20) -> None:
        self.delay = delay
        self.deltas = deltas
        self.mode = "ok"
        self.cut_after = deltas - 1
        self.calls = 0
        # Tokens this provider produced (and would bill): prompts read plus chunks sent.
        self.input_tokens = 0
        self.output_tokens = 0
        self.seen_authorization: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def reset_counts(self) -> None:
        with self._lock:
            self.calls = self.input_tokens = self.output_tokens = 0

    def _count(self, *, input_tokens: int = 0, output_tokens: int = 0) -> None:
        with self._lock:
            self.input_tokens += input_tokens
            self.output_tokens += output_tokens

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
                    server.seen_authorization.add(self.headers.get("Authorization", ""))
                if server.mode in FAILURES:
                    self._fail(server.mode)
                    return
                prompt = prompt_tokens(body)
                server._count(input_tokens=prompt)
                if body.get("stream"):
                    self._stream(prompt)
                    return
                if server._stopping.wait(server.delay):
                    return
                server._count(output_tokens=server.deltas)
                payload = json.dumps(_completion(prompt, server.deltas)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _fail(self, mode: str) -> None:
                status, body = FAILURES[mode]
                echoed = body.replace("{authorization}", self.headers.get("Authorization", ""))
                payload = echoed.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _send(self, event: dict[str, Any] | str) -> None:
                data = event if isinstance(event, str) else json.dumps(event)
                self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()

            def _stream(self, prompt: int) -> None:
                mode, cut_after = server.mode, server.cut_after
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                pause = server.delay / max(server.deltas, 1)
                for index in range(server.deltas):
                    if mode != "ok" and index == cut_after:
                        self._cut(mode)
                        return
                    if server._stopping.wait(pause):
                        return
                    self._send(_chunk(TOKEN))
                    server._count(output_tokens=1)
                self._send(_chunk(None, finish="stop"))
                self._send(_usage_chunk(prompt, server.deltas))
                self._send("[DONE]")

            def _cut(self, mode: str) -> None:
                if mode == "reset":
                    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                self.wfile.flush()
                self.connection.close()

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def chaos_provider(**options: Any) -> Iterator[ChaosProvider]:
    provider = ChaosProvider(**options)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
