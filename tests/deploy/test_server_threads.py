"""The production server bounds its threads: each gunicorn worker answers at most
`GUNICORN_THREADS` requests at once (gthread), and the others wait for one of those threads, so a
burst of slow requests (streams, slow providers) never grows a worker's threads without limit."""

from __future__ import annotations

import pytest

from tests.conftest import requires_env
from tests.generations.providers.fake_server import FakeResponse, FakeServer, openai_completion
from tests.hardening.live_server import live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

WORKERS, THREADS = 2, 2  # live_server's workers; the threads each is given here
CALLERS = WORKERS * THREADS + 1
# The provider holds each answer until every caller is waiting on it, or for HOLD seconds: with
# the threads unbounded every caller would reach it at once; bounded, at most WORKERS * THREADS.
HOLD = 10


def test_a_worker_serves_at_most_its_threads_at_once() -> None:
    fake = FakeServer()
    fake.respond(
        FakeResponse(
            body=openai_completion("Slow answer.", model="fake-model"), delay=HOLD, gather=CALLERS
        )
    )
    fake.start()
    try:
        with live_server(
            "server_threads_test",
            GUNICORN_THREADS=str(THREADS),
            OPENAI_COMPATIBLE_BASE_URL=f"{fake.url}/v1",
        ) as running:
            responses = running.generate_at_once("/api/generations/", CALLERS)
    finally:
        fake.stop()

    assert 1 <= fake.max_in_flight <= WORKERS * THREADS < CALLERS
    # The ones that waited for a thread were answered all the same.
    assert [r.status_code for r in responses] == [201] * CALLERS, [r.text for r in responses]
