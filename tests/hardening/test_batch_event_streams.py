"""Open batch progress streams leave the database pool to everyone else (adversarial test,
November 2026: 30 open `events/` streams made every other request answer 503 while they stayed
open, each holding a pooled connection for up to 300 s). The production server on PostgreSQL
with a pool of 2 connections per process: 10 open streams, and a normal request still answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.conftest import requires_env
from tests.hardening.live_server import LiveServer, live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

STREAMS = 10


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with live_server(
        "event_streams_test",
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="2",
        DATABASE_POOL_TIMEOUT="3",
        # Batches stay queued: their task goes to an in-memory broker nobody reads.
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER="0",
        BATCH_EVENTS_MAX_STREAMS_PER_USER=str(STREAMS),
        # Streams end by themselves soon after the test, so the server stops promptly.
        BATCH_EVENTS_MAX_SECONDS="30",
    ) as running:
        yield running


def open_stream(stack: ExitStack, client: httpx.Client, url: str) -> Iterator[str]:
    """Open a stream and read up to its first event, leaving it open: the lines left to read,
    which must be kept (dropping them closes the stream)."""
    response = stack.enter_context(client.stream("GET", url))
    assert response.status_code == 200, response.read()
    lines = response.iter_lines()
    assert next(line for line in lines if line.startswith("event:")) == "event: progress"
    return lines


def test_open_event_streams_leave_connections_for_other_requests(server: LiveServer) -> None:
    headers = {"Authorization": f"Api-Key {server.api_key}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        created = client.post(
            "/api/batches/", json={"template": server.template_id, "rows": [{"topic": "tea"}]}
        )
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "queued"
        url = f"/api/batches/{created.json()['id']}/events/"

        with ExitStack() as stack:
            streams = [open_stream(stack, client, url) for _ in range(STREAMS)]
            listed = client.get("/api/templates/")
            one_more = client.get(url)

    assert len(streams) == STREAMS
    assert listed.status_code == 200, listed.text
    assert one_more.status_code == 429
    assert one_more.json()["error"]["code"] == "too_many_streams"
