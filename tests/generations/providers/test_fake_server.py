"""The loopback fake provider records what a provider would have received, and nothing else."""

from __future__ import annotations

import socket

from tests.conftest import wait_until
from tests.generations.providers.fake_server import FakeResponse, FakeServer


def test_a_request_cut_off_while_its_body_was_sent_is_not_recorded() -> None:
    # A batch worker killed mid-request leaves such a half-sent request behind.
    server = FakeServer()
    server.respond(FakeResponse(body={"ok": True}))
    server.start()
    try:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as cut:
            cut.sendall(b'POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a"')
        with socket.create_connection((host, int(port))) as whole:
            whole.sendall(b"POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            wait_until(lambda: server.requests, what="the whole request recorded")
        assert [request.body for request in server.requests] == [b"{}"]
    finally:
        server.stop()
