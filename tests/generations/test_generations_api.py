from __future__ import annotations

import json
import logging
import threading
from decimal import Decimal

import amqp.exceptions
import kombu.exceptions
import pytest
from django.core.signals import request_finished
from django.db import OperationalError, close_old_connections, connection
from django.db.models import RestrictedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from generations import tasks
from generations.models import Generation, GenerationRating
from generations.providers import PermanentProviderError, RetryableProviderError, TextDelta
from generations.services import runs, submissions
from generations.services.quotas import tokens_today
from generations.services.runs import StreamMessage
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.generations.conftest import BrokenStream, make_template, result

pytestmark = pytest.mark.django_db


def body(of_template, **overrides) -> dict:
    return {"template": of_template.pk, "variables": {"topic": "green tea"}, **overrides}


def parse_sse(response) -> list[tuple[str, dict]]:
    text = b"".join(response.streaming_content).decode()
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_sync_generation_answers_201_with_the_local_draft(client_as, template, catalogue) -> None:
    response = client_as(Role.EDITOR).post("/api/generations/", body(template))

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "succeeded"
    assert data["provider"] == "local"
    assert "offline" in data["provider_label"].lower()
    assert "green tea" in data["rendered_prompt"]
    assert data["output"]
    assert data["input_tokens"] > 0 and data["output_tokens"] > 0
    assert Decimal(data["cost"]) == 0
    assert data["attempts"][0]["provider"] == "local"
    assert data["template_version"] == 1


def test_cost_is_computed_from_the_catalogue(client_as, template, catalogue, scripts) -> None:
    scripts["openai"].append(result())  # 1000 input, 500 output tokens

    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="openai", model="gpt-test")
    )

    # 1000 * $1/M + 500 * $2/M
    assert Decimal(response.json()["cost"]) == Decimal("0.002")


def test_async_generation_answers_202_and_runs_in_a_task(
    client_as, template, catalogue, django_capture_on_commit_callbacks
) -> None:
    client = client_as(Role.EDITOR)

    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        response = client.post("/api/generations/", body(template, mode="async"))
    detail = client.get(f"/api/generations/{response.json()['id']}/")

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert len(enqueued) == 1
    assert detail.json()["status"] == "succeeded"  # the task ran once the row was committed
    assert detail.json()["mode"] == "async"


def test_stream_sends_deltas_then_done_and_stores_the_result(
    client_as, template, catalogue
) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template), HTTP_ACCEPT="text/event-stream"
    )

    assert response["Content-Type"].startswith("text/event-stream")
    events = parse_sse(response)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "done"
    assert names.count("delta") > 1
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    stored = Generation.objects.get(pk=events[0][1]["id"])
    assert stored.status == "succeeded"
    assert stored.output == streamed == events[-1][1]["output"]
    assert stored.mode == "stream"


def test_stream_reports_a_provider_failure_as_an_error_event(
    client_as, template, catalogue, scripts
) -> None:
    scripts["openai"].append(PermanentProviderError("invalid model", provider="openai"))

    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template, provider="openai", model="gpt-test")
    )

    events = parse_sse(response)
    assert events[-1][0] == "error"
    assert "invalid model" in events[-1][1]["error"]["message"]
    assert Generation.objects.get().status == "failed"


def test_a_stream_the_provider_cuts_is_failed_and_billed_for_the_text_that_came(
    client_as, template, catalogue, scripts
) -> None:
    """Priced at $1 and $2 per million tokens in and out: the prompt (71 characters with the
    system prompt, 18 tokens at one per four) and the 21 characters shown (6 tokens)."""
    cut = RetryableProviderError("stream ended before the answer finished", provider="openai")
    scripts["openai"].append(BrokenStream("Tea is calm and warm", cut))

    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template, provider="openai", model="gpt-test")
    )

    events = parse_sse(response)
    assert [name for name, _ in events][-1] == "error"
    stored = Generation.objects.get()
    assert stored.status == "failed"
    assert "broke off after about 6 tokens" in stored.error
    assert (stored.input_tokens, stored.output_tokens) == (18, 6)
    assert stored.cost == Decimal("0.000030")
    assert tokens_today(workspace=template.workspace, now=timezone.now()) == 24


def test_a_database_gone_mid_stream_ends_it_with_an_error_event(
    client_as, template, catalogue, monkeypatch
) -> None:
    """Not a cut connection, which a client (or nginx's caller) sees as no answer at all."""

    def stream_then_lose_the_database(*, generation, created, opened=None):
        yield StreamMessage("start", {"id": generation.pk})
        raise OperationalError("the database went away")

    monkeypatch.setattr(submissions, "generation_stream", stream_then_lose_the_database)

    response = client_as(Role.EDITOR).post("/api/generations/stream/", body(template))

    (first, _), (last, data) = parse_sse(response)
    assert (first, last) == ("start", "error")
    assert data["error"]["code"] == "unavailable"
    assert data["id"] == Generation.objects.get().pk


def test_a_stream_records_one_row_with_what_the_provider_answered(
    client_as, template, catalogue, scripts
) -> None:
    scripts["openai"].append(result("Green tea is calm."))

    events = parse_sse(
        client_as(Role.EDITOR).post(
            "/api/generations/stream/", body(template, provider="openai", model="gpt-test")
        )
    )

    stored = Generation.objects.get()
    assert [name for name, _ in events] == ["start"] + ["delta"] * 4 + ["done"]
    assert events[0][1] == {"id": stored.pk}
    assert (stored.status, stored.output) == ("succeeded", "Green tea is calm.")
    assert len(stored.attempts) == len(scripts.calls) == 1


def test_a_stream_answer_closed_unread_records_what_its_provider_answered(
    client_as, template, catalogue, scripts
) -> None:
    """What the server does when the client is gone before the answer's headers: it closes the
    answer without reading it. The provider was already asked, so its answer is recorded."""
    scripts["openai"].append(result("Green tea is calm."))
    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template, provider="openai", model="gpt-test")
    )

    # As the test client closes a streamed answer: without its request_finished receiver
    # ending the test's connection, in the middle of the test's transaction.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    stored = Generation.objects.get()
    assert (stored.status, stored.output) == ("succeeded", "Green tea is calm.")
    assert len(scripts.calls) == 1


def test_a_stream_over_its_quota_never_reaches_the_provider(
    client_as, template, catalogue, scripts, workspace
) -> None:
    workspace.daily_token_quota = 0  # spent
    workspace.save(update_fields=["daily_token_quota"])

    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template, provider="openai", model="gpt-test")
    )

    assert response.status_code == 429
    assert scripts.calls == []
    assert not Generation.objects.exists()


def test_a_stream_whose_row_cannot_be_recorded_answers_an_error_and_closes_the_call(
    client_as, template, catalogue, monkeypatch
) -> None:
    """Its provider was asked while the row was being recorded: nothing of it is shown, and
    the call is closed rather than left running unrecorded."""
    closed = threading.Event()

    def provider_stream(**_):
        try:
            yield TextDelta("never shown")
        finally:
            closed.set()

    def refuse(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(runs, "stream_with_fallback", provider_stream)
    monkeypatch.setattr(Generation, "save", refuse)

    response = client_as(Role.EDITOR).post("/api/generations/stream/", body(template))

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert closed.wait(timeout=10)


def test_stream_validation_errors_arrive_before_streaming(client_as, template) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/stream/", body(template, variables={}), HTTP_ACCEPT="text/event-stream"
    )

    assert response.status_code == 400
    assert response.content.decode().startswith("event: error")
    assert "variables.topic" in response.content.decode()


def test_idempotency_key_replays_the_first_result(client_as, template, catalogue) -> None:
    client = client_as(Role.EDITOR)

    first = client.post("/api/generations/", body(template), HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post("/api/generations/", body(template), HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert Generation.objects.count() == 1


def test_idempotency_key_with_another_body_conflicts(client_as, template, catalogue) -> None:
    client = client_as(Role.EDITOR)
    client.post("/api/generations/", body(template), HTTP_IDEMPOTENCY_KEY="k-1")

    other = client.post(
        "/api/generations/",
        body(template, variables={"topic": "coffee"}),
        HTTP_IDEMPOTENCY_KEY="k-1",
    )

    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["error"]["fields"]
    assert Generation.objects.count() == 1


def test_a_repeated_request_is_a_cache_hit_with_zero_cost(
    client_as, template, catalogue, scripts
) -> None:
    client = client_as(Role.EDITOR)
    request = body(template, provider="openai", model="gpt-test")

    first = client.post("/api/generations/", request).json()
    second = client.post("/api/generations/", request).json()
    bypass = client.post("/api/generations/", {**request, "cache": False}).json()

    assert (first["cache_hit"], second["cache_hit"], bypass["cache_hit"]) == (False, True, False)
    assert second["output"] == first["output"]
    assert Decimal(second["cost"]) == 0 and Decimal(first["cost"]) > 0
    assert second["latency_ms"] is not None
    assert len(scripts.calls) == 2  # the hit never reached the provider


def test_an_empty_answer_fails_with_what_it_cost_and_is_not_answered_from_the_cache(
    client_as, template, catalogue, scripts
) -> None:
    """The provider bills an empty answer (a filtered prompt, a cut-off) all the same; the same
    request afterwards asks it again rather than repeat the failure from the cache."""
    scripts["openai"].extend([result(" "), result("Green tea is calm.")])
    client = client_as(Role.EDITOR)
    request = body(template, provider="openai", model="gpt-test")

    empty = client.post("/api/generations/", request).json()
    again = client.post("/api/generations/", request).json()

    assert (empty["status"], empty["input_tokens"], empty["output_tokens"]) == ("failed", 1000, 500)
    assert Decimal(empty["cost"]) == Decimal("0.002")
    assert "returned an empty answer" in empty["error"]
    assert (again["status"], again["cache_hit"]) == ("succeeded", False)
    assert len(scripts.calls) == 2


def test_a_generation_without_the_cache_leaves_nothing_in_it(
    client_as, template, catalogue, scripts
) -> None:
    client = client_as(Role.EDITOR)
    request = body(template, provider="openai", model="gpt-test")

    client.post("/api/generations/", {**request, "cache": False})
    parse_sse(client.post("/api/generations/stream/", {**request, "cache": False}))
    after = client.post("/api/generations/", request).json()

    assert after["cache_hit"] is False
    assert len(scripts.calls) == 3  # neither answer was kept for the request that allowed it


def test_a_streamed_generation_answers_from_the_cache(client_as, template, catalogue, scripts):
    client = client_as(Role.EDITOR)
    request = body(template, provider="openai", model="gpt-test")
    first = client.post("/api/generations/", request).json()

    events = parse_sse(client.post("/api/generations/stream/", request))

    assert [name for name, _ in events] == ["start", "delta", "done"]
    assert events[1][1]["text"] == first["output"]
    assert events[2][1]["cache_hit"] is True
    assert len(scripts.calls) == 1


def test_a_cache_hit_is_recorded_in_one_insert(client_as, template, catalogue, scripts) -> None:
    client = client_as(Role.EDITOR)
    request = body(template, provider="openai", model="gpt-test")
    client.post("/api/generations/", request)

    with CaptureQueriesContext(connection) as queries:
        hit = client.post("/api/generations/", request).json()

    writes = [q["sql"].split()[0] for q in queries if "generations_generation" in q["sql"]]
    assert writes == ["INSERT"]
    assert Generation.objects.get(pk=hit["id"]).cache_hit


def test_a_sync_generation_the_database_cannot_record_answers_503(
    client_as, template, catalogue, scripts, monkeypatch
) -> None:
    def unreachable(*args, **kwargs) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(Generation, "save", unreachable)

    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="openai", model="gpt-test")
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_fallback_to_the_template_default_is_recorded(
    client_as, workspace, catalogue, scripts
) -> None:
    template = make_template(workspace, defaults={"provider": "anthropic", "model": "claude-test"})
    scripts["openai"].append(PermanentProviderError("bad key", provider="openai", status_code=401))

    data = (
        client_as(Role.EDITOR)
        .post("/api/generations/", body(template, provider="openai", model="gpt-test"))
        .json()
    )

    assert data["status"] == "succeeded"
    assert (data["provider"], data["model"]) == ("anthropic", "claude-test")
    assert data["provider_chain"] == [["openai", "gpt-test"], ["anthropic", "claude-test"]]
    assert [a["provider"] for a in data["attempts"]] == ["openai", "anthropic"]


def test_failure_of_every_provider_is_stored_as_failed(client_as, template, catalogue, scripts):
    scripts["openai"].append(PermanentProviderError("invalid model", provider="openai"))

    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="openai", model="gpt-test")
    )

    assert response.status_code == 201
    assert response.json()["status"] == "failed"
    assert "invalid model" in response.json()["error"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"template": None}, "template"),
        ({"template": 999999}, "template"),
        ({"variables": {}}, "variables.topic"),
        ({"variables": {"topic": "x" * 101}}, "variables.topic"),
        ({"variables": "not a dict"}, "variables"),
        ({"provider": "skynet"}, "provider"),
        ({"mode": "later"}, "mode"),
        ({"version": 7}, "version"),
        ({"version": 0}, "version"),
        ({"params": [1, 2]}, "params"),
        ({"cache": "maybe"}, "cache"),
    ],
)
def test_bad_input_answers_400_naming_the_field(client_as, template, overrides, field) -> None:
    response = client_as(Role.EDITOR).post("/api/generations/", body(template, **overrides))

    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert not Generation.objects.exists()


def test_viewers_cannot_generate(client_as, template) -> None:
    response = client_as(Role.VIEWER).post("/api/generations/", body(template))

    assert response.status_code == 403
    assert not Generation.objects.exists()


def test_another_workspaces_template_and_generations_are_invisible(
    client_as, outsider_client, template, catalogue
) -> None:
    generation = client_as(Role.EDITOR).post("/api/generations/", body(template)).json()

    create = outsider_client.post("/api/generations/", body(template))
    detail = outsider_client.get(f"/api/generations/{generation['id']}/")
    cancel = outsider_client.post(f"/api/generations/{generation['id']}/cancel/")
    listed = outsider_client.get("/api/generations/")

    assert create.status_code == 400 and "template" in create.json()["error"]["fields"]
    assert detail.status_code == 404
    assert cancel.status_code == 404
    assert listed.json()["count"] == 0


@pytest.mark.parametrize(
    ("template_id", "message"),
    [
        ("seven", "Incorrect type"),
        (True, "Incorrect type"),
        ([1], "Incorrect type"),
        (2**70, "does not exist"),
        (0, "does not exist"),
        (-1, "does not exist"),
    ],
)
def test_a_template_id_that_cannot_be_one_is_refused_naming_the_field(
    client_as, template, template_id, message
) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, template=template_id)
    )

    assert response.status_code == 400
    assert message in response.json()["error"]["fields"]["template"][0]
    assert not Generation.objects.exists()


def test_cancel_a_queued_generation_and_refuse_a_finished_one(
    client_as, template, catalogue, settings
) -> None:
    client = client_as(Role.EDITOR)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    finished = client.post("/api/generations/", body(template)).json()
    queued = Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="p",
        provider="local",
        model="local-draft",
        mode="async",
    )

    cancelled = client.post(f"/api/generations/{queued.pk}/cancel/")
    refused = client.post(f"/api/generations/{finished['id']}/cancel/")

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert refused.status_code == 409


def test_retry_makes_a_new_generation_from_the_same_inputs(client_as, template, catalogue) -> None:
    client = client_as(Role.EDITOR)
    original = client.post("/api/generations/", body(template)).json()

    retried = client.post(f"/api/generations/{original['id']}/retry/", {"mode": "sync"})

    assert retried.status_code == 201
    assert retried.json()["id"] != original["id"]
    assert retried.json()["variables"] == original["variables"]
    assert retried.json()["rendered_prompt"] == original["rendered_prompt"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"rating": 5, "feedback": "Great"}, 200),
        ({"rating": 0}, 400),
        ({"rating": 6}, 400),
        ({}, 400),
    ],
)
def test_feedback(client_as, template, catalogue, payload, status) -> None:
    client = client_as(Role.EDITOR)
    generation = client.post("/api/generations/", body(template)).json()

    response = client.post(f"/api/generations/{generation['id']}/feedback/", payload)

    assert response.status_code == status
    if status == 400:
        assert "rating" in response.json()["error"]["fields"]
    else:
        assert response.json()["my_rating"] == {"rating": 5, "feedback": "Great"}
        assert GenerationRating.objects.get().rating == 5


def test_list_filters(client_as, template, catalogue, scripts) -> None:
    client = client_as(Role.EDITOR)
    client.post("/api/generations/", body(template))
    scripts["openai"].append(PermanentProviderError("nope", provider="openai"))
    client.post("/api/generations/", body(template, provider="openai", model="gpt-test"))

    failed = client.get("/api/generations/?status=failed").json()
    local = client.get("/api/generations/?provider=local").json()
    by_template = client.get(f"/api/generations/?template={template.pk}").json()
    bad = client.get("/api/generations/?created_after=yesterday")
    # ISO 8601 allows offsets PostgreSQL refuses: they must still be understood.
    far_offset = client.get("/api/generations/?created_after=2000-01-01T00:00:00%2B16:14").json()

    assert [g["status"] for g in failed["results"]] == ["failed"]
    assert [g["provider"] for g in local["results"]] == ["local"]
    assert by_template["count"] == 2
    assert bad.status_code == 400 and "created_after" in bad.json()["error"]["fields"]
    assert far_offset["count"] == 2


def test_list_query_count_does_not_grow_with_page_size(
    client_as, template, catalogue, django_assert_max_num_queries
) -> None:
    client = client_as(Role.EDITOR)
    for topic in ["a", "b", "c", "d", "e", "f"]:
        client.post("/api/generations/", body(template, variables={"topic": topic}))

    with django_assert_max_num_queries(6):
        response = client.get("/api/generations/")

    assert response.json()["count"] == 6


def test_a_workspace_with_generations_can_be_deleted_but_a_used_version_cannot(
    workspace, template, catalogue
) -> None:
    owner = client_for(MembershipFactory(workspace=workspace, role=Role.OWNER).user)
    owner.post("/api/generations/", body(template))

    with pytest.raises(RestrictedError):
        template.current_version.delete()
    assert owner.delete(f"/api/workspaces/{workspace.pk}/").status_code == 204
    assert not Generation.objects.exists()


def test_an_unconfigured_provider_asked_for_is_refused_naming_provider(client_as, template):
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="openai", model="gpt-test")
    )

    assert response.status_code == 400
    assert "not configured" in response.json()["error"]["fields"]["provider"][0]
    assert not Generation.objects.exists()


def test_an_unconfigured_template_default_is_refused_not_run_offline(
    client_as, workspace, catalogue
) -> None:
    template = make_template(workspace, defaults={"provider": "openai", "model": "gpt-4o-mini"})

    response = client_as(Role.EDITOR).post("/api/generations/", body(template))

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "provider_not_configured"
    assert "OpenAI" in error["message"] and "OPENAI_API_KEY" in error["message"]
    assert list(error["fields"]) == ["provider"]
    assert not Generation.objects.exists()


# Whatever the broker does after the rows are committed, the request has succeeded: a refused
# connection, a vhost or login it refuses (what amqp raises then), or any other error.
PUBLISH_FAILURES = [
    kombu.exceptions.OperationalError("[Errno 111] Connection refused"),
    amqp.exceptions.NotAllowed("Connection.open: (530) NOT_ALLOWED - vhost nonexistent not found"),
    RuntimeError("something unforeseen in the publisher"),
]


@pytest.mark.parametrize("failure", PUBLISH_FAILURES, ids=lambda error: type(error).__name__)
def test_an_async_generation_is_accepted_whatever_the_broker_does(
    client_as,
    template,
    catalogue,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
    failure: Exception,
) -> None:
    def publish_fails(*args: object) -> None:
        raise failure

    monkeypatch.setattr(tasks.run_generation, "delay", publish_fails)

    with (
        caplog.at_level(logging.WARNING, logger="aiagency.celery"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_as(Role.EDITOR).post("/api/generations/", body(template, mode="async"))

    assert response.status_code == 202
    # Recorded and left queued: the sweep sends it again once the broker is back.
    assert Generation.objects.get(pk=response.json()["id"]).status == "queued"
    assert "task not sent to the broker" in caplog.text
    assert type(failure).__name__ in caplog.records[-1].error
