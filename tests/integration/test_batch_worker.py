"""Batches through real worker processes on RabbitMQ, PostgreSQL and Redis, with an
OpenAI-compatible provider faked on loopback: rows run concurrently, and a worker killed mid-batch
leaves every row to end exactly once after a restart, or, with a batch spread over two workers,
while the other carries on."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from rest_framework.test import APIClient

from generations.models import Batch, BatchRunner, Generation
from tests.conftest import requires_env, wait_until
from tests.generations.conftest import make_template
from tests.generations.providers.fake_server import FakeResponse, FakeServer
from tests.integration.conftest import MODEL, completion, worker_environment

pytestmark = [
    pytest.mark.integration,
    requires_env("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
    pytest.mark.django_db(transaction=True),
]


def start_batch(client: APIClient, template, rows: int) -> int:
    response = client.post(
        "/api/batches/",
        {
            "template": template.pk,
            "provider": "openai_compatible",
            "model": MODEL,
            "cache": False,
            "rows": [{"topic": f"topic {n}"} for n in range(1, rows + 1)],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def batch_status(batch_id: int) -> str:
    return Batch.objects.get(pk=batch_id).status


def prompts_sent(server: FakeServer) -> Counter[str]:
    return Counter(request.json()["messages"][-1]["content"] for request in server.requests)


def assert_each_row_ended_once(
    batch_id: int, total: int, server: FakeServer, orphaned: set[str]
) -> None:
    """The batch succeeded, each of its rows recorded once, by the run that finished it, after
    the call lost with a dead worker if it had made one (recorded before it was made: status
    unknown); only the rows a dead worker had in flight (`orphaned`) were asked for twice."""
    rows = Generation.objects.filter(batch_id=batch_id)
    assert batch_status(batch_id) == "succeeded"
    assert sorted(rows.values_list("batch_row", flat=True)) == list(range(1, total + 1))
    assert set(rows.values_list("status", flat=True)) == {"succeeded"}
    statuses = {
        prompt: tuple(attempt.get("status") for attempt in attempts)
        for prompt, attempts in rows.values_list("rendered_prompt", "attempts")
    }
    assert set(statuses.values()) <= {(None,), ("unknown", None)}
    sent = prompts_sent(server)
    assert set(sent) == set(rows.values_list("rendered_prompt", flat=True))
    # None more than twice, and each lost call on record.
    asked_twice = {prompt for prompt, times in sent.items() if times > 1}
    assert asked_twice <= orphaned
    assert asked_twice <= {prompt for prompt, seen in statuses.items() if seen[0] == "unknown"}
    assert max(sent.values()) <= 2


def test_a_batch_runs_its_rows_concurrently_in_a_worker(
    start_worker, provider_server, editor_client, workspace, tmp_path
) -> None:
    provider_server.respond(FakeResponse(body=completion("Done."), delay=0.2))
    template = make_template(workspace)
    worker = start_worker(
        **worker_environment(provider_server, MEDIA_ROOT=str(tmp_path), BATCH_CONCURRENCY="8")
    )

    batch_id = start_batch(editor_client, template, rows=40)

    # The worker records the batch's end, then writes its exports.
    wait_until(lambda: Batch.objects.get(pk=batch_id).results_csv.name != "", seconds=40)
    batch = Batch.objects.get(pk=batch_id)
    assert batch.status == "succeeded"
    assert provider_server.max_in_flight > 1  # rows were sent concurrently
    assert (tmp_path / batch.results_csv.name).read_text().count("\n") == 41  # header + rows
    assert sorted(prompts_sent(provider_server).values()) == [1] * 40
    worker.kill()  # idle with nothing unacknowledged: skip the seconds of a warm shutdown


def test_a_worker_killed_mid_batch_leaves_every_row_to_end_exactly_once(
    start_worker, provider_server, editor_client, workspace, tmp_path
) -> None:
    provider_server.respond(FakeResponse(body=completion("Delivered."), delay=0.3))
    template = make_template(workspace)
    environment = worker_environment(
        provider_server, MEDIA_ROOT=str(tmp_path), BATCH_CONCURRENCY="4", BATCH_LEASE_SECONDS="3"
    )
    doomed = start_worker(**environment)
    batch_id = start_batch(editor_client, template, rows=40)
    rows = Generation.objects.filter(batch_id=batch_id)
    wait_until(lambda: rows.filter(status="succeeded").count() >= 8, seconds=30)

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    # Whatever the dead worker had in flight: sent to the provider, never recorded.
    orphaned = set(rows.filter(status="running").values_list("rendered_prompt", flat=True))
    finished_before = rows.filter(status="succeeded").count()
    assert orphaned and finished_before < 40
    survivor = start_worker(**environment)  # the broker redelivers the unacknowledged task

    wait_until(lambda: batch_status(batch_id) in Batch.FINISHED, seconds=45)
    assert_each_row_ended_once(batch_id, 40, provider_server, orphaned)
    survivor.kill()  # idle with nothing unacknowledged: skip the seconds of a warm shutdown


def test_a_batch_spread_over_two_workers_survives_one_killed_each_row_ending_once(
    start_worker, provider_server, editor_client, workspace, tmp_path, settings
) -> None:
    settings.BATCH_RUNNERS = 2  # the API sends a task per runner
    provider_server.respond(FakeResponse(body=completion("Delivered."), delay=0.3))
    template = make_template(workspace)
    environment = worker_environment(
        provider_server,
        MEDIA_ROOT=str(tmp_path),
        BATCH_CONCURRENCY="4",
        BATCH_RUNNERS="2",
        BATCH_LEASE_SECONDS="3",
    )
    doomed, survivor = start_worker(**environment), start_worker(**environment)
    batch_id = start_batch(editor_client, template, rows=240)
    rows = Generation.objects.filter(batch_id=batch_id)
    runners = BatchRunner.objects.filter(batch_id=batch_id)
    running = rows.filter(status="running")
    # Both workers run rows of the batch, each under a lease of its own.
    wait_until(
        lambda: (
            runners.count() == 2
            and rows.filter(status="succeeded").count() >= 8
            and len(set(running.values_list("run_token", flat=True))) == 2
        )
    )
    assert rows.filter(status="queued").exists()

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    orphaned = set(running.values_list("rendered_prompt", flat=True))

    # The survivor runs the rest, takes over the dead runner's rows once its lease has expired,
    # and records the batch's end; nobody restarted the killed worker.
    wait_until(lambda: batch_status(batch_id) in Batch.FINISHED, seconds=60)
    assert_each_row_ended_once(batch_id, 240, provider_server, orphaned)
    wait_until(lambda: not runners.exists(), seconds=30)
    survivor.kill()
