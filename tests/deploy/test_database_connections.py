"""PostgreSQL connections under the production server (gunicorn with gthread workers): requests
share each process's pool. Django keeps a persistent connection per thread, so without the pool
each of a worker's threads would hold one (under ASGI, where each request had a thread of its
own, each request opened one). And a
request waiting on a provider gives its connection back meanwhile, so slow providers never
exhaust the pool."""

from __future__ import annotations

import os
import time

import httpx
import psycopg
import pytest

from tests.conftest import requires_env
from tests.generations.providers.cases import OPENAI_STREAM
from tests.generations.providers.fake_server import FakeResponse, FakeServer, openai_completion
from tests.hardening.live_server import admin_url, live_server, run_database_name

DATABASE = "connections_test"  # live_server makes it the run's own (run_database_name)
REQUESTS = 60


def sessions_opened(database_url: str) -> int:
    with psycopg.connect(admin_url(database_url, "postgres"), autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s",
            [run_database_name(DATABASE)],
        ).fetchone()
    return row[0] if row else 0


@requires_env("DATABASE_URL")
def test_requests_share_pooled_database_connections() -> None:
    database_url = os.environ["DATABASE_URL"]
    with live_server(DATABASE) as running:
        headers = {"Authorization": f"Api-Key {running.api_key}"}
        with httpx.Client(base_url=running.url, headers=headers, timeout=30) as client:
            for _ in range(4):  # each worker opens its pool
                assert client.get("/api/templates/").status_code == 200
            time.sleep(1.5)  # PostgreSQL publishes its counters about once a second
            before = sessions_opened(database_url)
            for _ in range(REQUESTS):
                assert client.get("/api/templates/").status_code == 200
            time.sleep(1.5)
            after = sessions_opened(database_url)

    # A pool may replace a connection now and then; one per request would be 60.
    assert after - before <= 4, f"{after - before} connections for {REQUESTS} requests"


CALLERS = 6
# The provider answers only once every caller is waiting on it (or after 60 s): with one pooled
# connection per process, that state is reachable only if a waiting request holds none.
SLOW_ANSWERS = {
    "/api/generations/": FakeResponse(
        body=openai_completion("Slow answer.", model="fake-model"), delay=60, gather=CALLERS
    ),
    "/api/generations/stream/": FakeResponse(events=OPENAI_STREAM, delay=60, gather=CALLERS),
}


@requires_env("DATABASE_URL", "REDIS_URL")
@pytest.mark.parametrize("path", list(SLOW_ANSWERS))
def test_generations_waiting_on_a_provider_do_not_hold_a_pooled_connection(path: str) -> None:
    fake = FakeServer()
    fake.respond(SLOW_ANSWERS[path])
    fake.start()
    try:
        with live_server(
            DATABASE,
            OPENAI_COMPATIBLE_BASE_URL=f"{fake.url}/v1",
            # One connection per process, and a wait for it longer than the provider's hold,
            # so a slow machine never turns a queued request into a 503.
            DATABASE_POOL_MIN_SIZE="1",
            DATABASE_POOL_MAX_SIZE="1",
            DATABASE_POOL_TIMEOUT="90",
        ) as running:
            responses = running.generate_at_once(path, CALLERS)
    finally:
        fake.stop()

    assert fake.max_in_flight == CALLERS, "requests waiting on the provider held a connection"

    if path.endswith("stream/"):
        assert [r.status_code for r in responses] == [200] * CALLERS
        assert all("event: done" in r.text for r in responses), [r.text for r in responses]
    else:
        assert [r.status_code for r in responses] == [201] * CALLERS, [r.text for r in responses]
        assert {r.json()["status"] for r in responses} == {"succeeded"}


@requires_env("DATABASE_URL", "REDIS_URL")
def test_a_batch_with_more_row_threads_than_pooled_connections_runs_every_row() -> None:
    with live_server(
        DATABASE,
        # Celery is eager in this server: the batch runs in the request that creates it, with 8
        # row threads sharing 3 connections (one of them the runner's) and a 1 s wait for one.
        BATCH_CONCURRENCY="8",
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="3",
        DATABASE_POOL_TIMEOUT="1",
    ) as running:
        headers = {"Authorization": f"Api-Key {running.api_key}"}
        with httpx.Client(base_url=running.url, headers=headers, timeout=120) as client:
            created = client.post(
                "/api/batches/",
                json={
                    "template": running.template_id,
                    "rows": [{"topic": f"topic {n}"} for n in range(40)],
                    "cache": False,
                },
            )
            assert created.status_code == 201, created.text
            batch = client.get(f"/api/batches/{created.json()['id']}/").json()

    assert batch["status"] == "succeeded", batch
    assert (batch["total"], batch["succeeded"]) == (40, 40)
