"""Async generations through real worker processes on RabbitMQ, PostgreSQL and Redis, with an
OpenAI-compatible provider faked on loopback."""

from __future__ import annotations

import signal
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from generations.models import Generation, ModelPrice
from templates_app.services.preview import count_tokens
from tests.conftest import requires_env, wait_until
from tests.generations.conftest import make_template
from tests.generations.providers.fake_server import FakeResponse
from tests.integration.conftest import MODEL, completion, worker_environment

pytestmark = [
    pytest.mark.integration,
    requires_env("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
    pytest.mark.django_db(transaction=True),
]


def enqueue(client: APIClient, template, **fields: object) -> int:
    response = client.post(
        "/api/generations/",
        {
            "template": template.pk,
            "variables": {"topic": "tea"},
            "provider": "openai_compatible",
            "model": MODEL,
            "mode": "async",
            "cache": False,
            **fields,
        },
        format="json",
    )
    assert response.status_code == 202, response.content
    return response.json()["id"]


def status_of(generation_id: int) -> str:
    return Generation.objects.get(pk=generation_id).status


def test_async_generations_run_in_a_worker_process(
    start_worker, provider_server, editor_client, workspace
) -> None:
    provider_server.respond(FakeResponse(body=completion("Tea is a calm drink.")))
    template = make_template(workspace)
    start_worker(**worker_environment(provider_server))

    ids = [enqueue(editor_client, template) for _ in range(3)]

    for generation_id in ids:
        wait_until(lambda gid=generation_id: status_of(gid) in Generation.FINISHED)
    finished = Generation.objects.filter(pk__in=ids)
    assert {g.status for g in finished} == {"succeeded"}
    assert {g.output for g in finished} == {"Tea is a calm drink."}
    assert all(g.input_tokens == 12 and g.output_tokens == 4 for g in finished)


def test_a_worker_killed_mid_task_leaves_the_generation_to_finish_once(
    start_worker, provider_server, editor_client, workspace
) -> None:
    # The first call hangs (the worker dies during it), the next one answers.
    provider_server.respond(
        FakeResponse(body=completion("never delivered"), delay=30),
        FakeResponse(body=completion("Delivered after the crash.")),
    )
    template = make_template(workspace)
    environment = worker_environment(provider_server)
    doomed = start_worker(**environment)
    generation_id = enqueue(editor_client, template)
    wait_until(lambda: len(provider_server.requests) == 1)
    assert status_of(generation_id) == "running"

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    start_worker(**environment)

    wait_until(lambda: status_of(generation_id) in Generation.FINISHED)
    generation = Generation.objects.get(pk=generation_id)
    assert generation.status == "succeeded"
    assert generation.output == "Delivered after the crash."
    # The call lost with the killed worker shows as unknown, then the one that answered.
    assert [attempt.get("status") for attempt in generation.attempts] == ["unknown", None]
    assert len(provider_server.requests) == 2


def test_a_call_lost_with_its_killed_worker_is_recorded_and_charged_at_an_estimate(
    start_worker, provider_server, editor_client, workspace
) -> None:
    # $1 and $2 per million tokens in and out: the answer (12 + 4 tokens) costs $0.00002; the
    # lost call is estimated at its prompt plus its max_tokens (100).
    ModelPrice.objects.create(
        provider="openai_compatible",
        model=MODEL,
        input_price_per_mtok=Decimal(1),
        output_price_per_mtok=Decimal(2),
    )
    provider_server.respond(
        FakeResponse(body=completion("never delivered"), delay=30),
        FakeResponse(body=completion("Delivered after the crash.")),
    )
    template = make_template(workspace)
    environment = worker_environment(provider_server)
    doomed = start_worker(**environment)
    generation_id = enqueue(editor_client, template, params={"max_tokens": 100})
    wait_until(lambda: len(provider_server.requests) == 1)

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    start_worker(**environment)

    wait_until(lambda: status_of(generation_id) in Generation.FINISHED)
    generation = Generation.objects.get(pk=generation_id)
    lost, answered = generation.attempt_records.order_by("number")
    assert (lost.status, answered.status) == ("unknown", "succeeded")
    assert lost.finished_at is not None and "stopped during the call" in lost.error
    prompt_tokens = count_tokens(
        f"{generation.system_prompt}\n{generation.rendered_prompt}",
        provider="openai_compatible",
        model=MODEL,
    ).tokens
    assert lost.cost == (Decimal(prompt_tokens) * 1 + 100 * 2) / 1_000_000
    assert answered.cost == Decimal("0.000020")
    assert generation.cost == lost.cost + answered.cost  # both calls are counted
    shown = editor_client.get(f"/api/generations/{generation_id}/").json()["attempts"]
    assert [attempt.get("status") for attempt in shown] == ["unknown", None]
    assert Decimal(shown[0]["cost"]) == lost.cost
