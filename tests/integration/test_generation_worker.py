"""Async generations through real worker processes on RabbitMQ, PostgreSQL and Redis, with an
OpenAI-compatible provider faked on loopback."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from generations.models import Generation
from tests.conftest import client_for, requires_env
from tests.factories import MembershipFactory
from tests.generations.conftest import make_template
from tests.generations.providers.fake_server import FakeResponse, FakeServer, running_server
from tests.integration.conftest import database_url_for_workers

pytestmark = [
    pytest.mark.integration,
    requires_env("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
    pytest.mark.django_db(transaction=True),
]

MODEL = "llama-test"


def completion(text: str) -> dict:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": MODEL,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16},
    }


@pytest.fixture
def provider_server() -> Iterator[FakeServer]:
    yield from running_server()


@pytest.fixture
def editor_client(workspace) -> APIClient:
    return client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)


def worker_environment(server: FakeServer) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url_for_workers(),
        "OPENAI_COMPATIBLE_BASE_URL": f"{server.url}/v1",
        "PROVIDER_MAX_RETRIES": "0",
    }


def enqueue(client: APIClient, template) -> int:
    response = client.post(
        "/api/generations/",
        {
            "template": template.pk,
            "variables": {"topic": "tea"},
            "provider": "openai_compatible",
            "model": MODEL,
            "mode": "async",
            "cache": False,
        },
    )
    assert response.status_code == 202, response.content
    return response.json()["id"]


def wait_for(condition, *, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


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
        wait_for(lambda gid=generation_id: status_of(gid) in Generation.FINISHED)
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
    wait_for(lambda: len(provider_server.requests) == 1)
    assert status_of(generation_id) == "running"

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    start_worker(**environment)

    wait_for(lambda: status_of(generation_id) in Generation.FINISHED)
    generation = Generation.objects.get(pk=generation_id)
    assert generation.status == "succeeded"
    assert generation.output == "Delivered after the crash."
    assert len(generation.attempts) == 1  # only the run that finished recorded its outcome
    assert len(provider_server.requests) == 2
