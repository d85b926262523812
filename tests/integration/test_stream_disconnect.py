"""A client that leaves a stream mid-way (closes the connection after a few deltas) under the
production server: the provider goes on producing, and billing, the text, so the server reads it
to its end and records it as any other generation: text, tokens, cost, quotas and analytics."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import httpx
import psycopg
import pytest

from tests.conftest import requires_env, wait_until
from tests.generations.providers.fake_server import FakeResponse, FakeServer, openai_stream
from tests.hardening.live_server import LiveServer, live_server, run_database_name

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

DATABASE = "stream_disconnect_test"
MODEL = "fake-model"
WORDS = [f"word{n} " for n in range(20)]
PROMPT_TOKENS, COMPLETION_TOKENS = 12, 40
# USD per million tokens, input and output: 12 x 3 + 40 x 5 = 236 microdollars.
PRICES = (Decimal(3), Decimal(5))
COST = Decimal("0.000236")


STREAM = openai_stream(
    WORDS, model=MODEL, prompt_tokens=PROMPT_TOKENS, completion_tokens=COMPLETION_TOKENS
)


def prepare_workspace(running: LiveServer, *, daily_token_quota: int) -> None:
    """Price the fake model and give the workspace a token quota, straight in the server's
    database (the seed has neither)."""
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{run_database_name(DATABASE)}"
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(
            "INSERT INTO generations_modelprice (provider, model, label, context_window, "
            "input_price_per_mtok, output_price_per_mtok, is_active, updated_at) "
            "VALUES ('openai_compatible', %s, '', 0, %s, %s, true, now())",
            [MODEL, *PRICES],
        )
        db.execute(
            "UPDATE accounts_workspace SET daily_token_quota = %s WHERE id = %s",
            [daily_token_quota, running.workspace_id],
        )


def leave_after_deltas(client: httpx.Client, payload: dict, deltas: int) -> int:
    """Open a stream, read `deltas` text events, close the connection; the generation's id."""
    generation_id = None
    seen = 0
    with client.stream("POST", "/api/generations/stream/", json=payload) as response:
        assert response.status_code == 200
        event = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event == "start":
                generation_id = json.loads(line.removeprefix("data: "))["id"]
            elif line.startswith("data: ") and event == "delta":
                seen += 1
                if seen == deltas:
                    break
    assert generation_id is not None and seen == deltas
    return generation_id


def test_a_stream_left_by_its_client_is_finished_and_charged() -> None:
    fake = FakeServer()
    # Paced as a model produces tokens, so that the client leaves while the provider still has
    # most of the text to send.
    fake.respond(FakeResponse(events=STREAM, event_delay=0.05))
    fake.start()
    try:
        with live_server(DATABASE, OPENAI_COMPATIBLE_BASE_URL=f"{fake.url}/v1") as running:
            prepare_workspace(running, daily_token_quota=PROMPT_TOKENS + COMPLETION_TOKENS)
            headers = {"Authorization": f"Api-Key {running.api_key}"}
            payload = {
                "template": running.template_id,
                "provider": "openai_compatible",
                "model": MODEL,
                # Its maximum (the prompt's ~5 tokens plus these) fits the quota it then spends.
                "params": {"max_tokens": COMPLETION_TOKENS},
                "cache": False,
            }
            with httpx.Client(base_url=running.url, headers=headers, timeout=30) as client:
                generation_id = leave_after_deltas(client, payload, deltas=3)

                def detail() -> dict:
                    return client.get(f"/api/generations/{generation_id}/").json()

                wait_until(lambda: detail()["status"] != "running")
                generation = detail()
                summary = client.get(
                    "/api/analytics/summary/", params={"workspace": running.workspace_id}
                ).json()
                refused = client.post("/api/generations/", json=payload)
    finally:
        fake.stop()

    assert generation["status"] == "succeeded", generation["error"]
    assert generation["output"] == "".join(WORDS)
    assert (generation["input_tokens"], generation["output_tokens"]) == (
        PROMPT_TOKENS,
        COMPLETION_TOKENS,
    )
    assert Decimal(generation["cost"]) == COST
    assert Decimal(summary["cost"]) == COST
    assert summary["output_tokens"] == COMPLETION_TOKENS
    # The quota counts it: it was spent whole, so the next request is refused.
    assert refused.status_code == 429, refused.text
