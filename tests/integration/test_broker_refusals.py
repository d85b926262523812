"""A broker that is up but refuses the app (here: a vhost that does not exist, which amqp answers
with `NotAllowed`, not a refused connection): work recorded before the publish is accepted, left
queued for the sweep, never answered with a 500 that a retrying client would turn into a
duplicate."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import requires_env
from tests.hardening.live_server import live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "CELERY_BROKER_URL")]


def broker_without_vhost() -> str:
    broker = urlsplit(os.environ["CELERY_BROKER_URL"])
    return urlunsplit(broker._replace(path="/nonexistent"))


def test_work_is_accepted_and_left_queued_when_the_broker_refuses_the_vhost() -> None:
    with live_server(
        "broker_refusals_test",
        CELERY_BROKER_URL=broker_without_vhost(),
        CELERY_TASK_ALWAYS_EAGER="0",  # the live server runs tasks in the request by default
    ) as running:
        headers = {"Authorization": f"Api-Key {running.api_key}"}
        with httpx.Client(base_url=running.url, headers=headers, timeout=30) as client:
            generation = client.post(
                "/api/generations/", json={"template": running.template_id, "mode": "async"}
            )
            batch = client.post(
                "/api/batches/",
                json={"template": running.template_id, "rows": [{"topic": "tea"}]},
            )

            assert generation.status_code == 202, generation.text
            assert batch.status_code == 201, batch.text
            # Recorded once and left queued: the beat sweep sends them once the broker is back.
            listed = client.get("/api/generations/").json()
            assert listed["count"] == 2  # the async generation and the batch's row
            assert {row["status"] for row in listed["results"]} == {"queued"}
            assert client.get(f"/api/batches/{batch.json()['id']}/").json()["status"] == "queued"
