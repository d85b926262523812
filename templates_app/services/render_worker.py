"""A render worker: a child process that renders templates for the process that started it.

Started by `render_pool` as `python -m templates_app.services.render_worker FD MEMORY_MB`, it
imports Jinja2 and the sandbox only (no Django, no settings, no secrets in its environment), limits
its own address space to `MEMORY_MB` and then answers requests on the socket `FD` until the socket
closes. A request is `{"sources", "context", "timeout"}`: the texts to render with one context (a
generation's system prompt and body, in one round trip); it is answered with one message per
source, in order, each `{"text"}` or `{"problem", "limit", "ending"?}`, and the sources after a
problem are not rendered. Messages are JSON behind a 4-byte length, both ways: the parent never
unpickles what a process running untrusted templates sends.

The parent enforces the deadline of each source (it kills a worker that overruns). As a backstop,
should the parent be gone, each source's render also gets a CPU-time limit, whose signal (SIGXCPU)
ends the worker.
"""

from __future__ import annotations

import json
import math
import resource
import signal
import socket
import struct
import sys
from typing import Any

from templates_app.services import sandbox

_HEADER = struct.Struct(">I")


# --- messages (used by both ends) -----------------------------------------------------------------
def send_message(channel: socket.socket, message: dict[str, Any]) -> None:
    payload = json.dumps(message).encode()
    channel.sendall(_HEADER.pack(len(payload)) + payload)


def _receive_exactly(channel: socket.socket, size: int) -> bytes | None:
    """`size` bytes, or None when the other end closed first (a socket timeout goes through)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = channel.recv_into(view[received:])
        if count == 0:
            return None
        received += count
    return bytes(buffer)


def receive_message(channel: socket.socket, *, max_bytes: int) -> dict[str, Any] | None:
    """The next message, None when the other end closed; `ValueError` past `max_bytes`."""
    header = _receive_exactly(channel, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > max_bytes:
        raise ValueError(f"A message of {size:,} bytes is over the limit of {max_bytes:,}.")
    payload = _receive_exactly(channel, size)
    return None if payload is None else json.loads(payload)


# A request carries a few sources of at most MAX_SOURCE_CHARS each (a system prompt and a body) and
# validated values (each text at most 50,000 characters, at most 50 of them): JSON escapes can make
# a character 12 bytes.
MAX_REQUEST_BYTES = 64 * 1024 * 1024
# An answer carries at most MAX_RENDERED_CHARS characters (or a short message).
MAX_ANSWER_BYTES = 12 * sandbox.MAX_RENDERED_CHARS + 4096


# --- the worker -----------------------------------------------------------------------------------
def _limit_cpu(seconds: float) -> None:
    """Let the coming render use `seconds` more CPU time (whole seconds, rounded up, plus one)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = math.ceil(usage.ru_utime + usage.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (used + math.ceil(seconds) + 1, hard))


def _answer(source: str, context: dict[str, Any], memory_mb: int) -> dict[str, Any]:
    """The answer for one source; with `ending` set, this worker ends once it is sent."""
    try:
        return {"text": sandbox.render(source, context)}
    except sandbox.TemplateProblem as problem:
        return {"problem": problem.message, "limit": problem.limit}
    except MemoryError:
        message = f"The template needs more memory than the {memory_mb:,} MB a render may use."
        return {"problem": message, "limit": True, "ending": True}


def serve(channel: socket.socket, memory_mb: int) -> None:
    """Answer requests on `channel` until the parent closes it."""
    send_message(channel, {"ready": True})
    while (request := receive_message(channel, max_bytes=MAX_REQUEST_BYTES)) is not None:
        for source in request["sources"]:
            _limit_cpu(request["timeout"])
            answer = _answer(source, request["context"], memory_mb)
            send_message(channel, answer)
            if answer.get("ending"):
                return
            if "problem" in answer:
                break


def main(argv: list[str]) -> None:
    channel_fd, memory_mb = int(argv[1]), int(argv[2])
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when workers end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with socket.socket(fileno=channel_fd) as channel:
        serve(channel, memory_mb)


if __name__ == "__main__":
    main(sys.argv)
