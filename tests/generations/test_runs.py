from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client import REGISTRY

from generations import tasks
from generations.models import Generation, GenerationAttempt
from generations.services import runs
from generations.services.quotas import tokens_today
from generations.services.runs import (
    _claim,
    generation_run,
    generation_stream,
    generations_requeue_stale,
)
from tests.generations.conftest import result

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(template, catalogue) -> Generation:
    return Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="Write about tea.",
        provider="local",
        model="local-draft",
        provider_chain=[["local", "local-draft"]],
        mode="async",
    )


def test_a_generation_runs_once_however_often_its_task_is_delivered(queued) -> None:
    first = generation_run(generation_id=queued.pk)
    again = generation_run(generation_id=queued.pk)

    assert first.status == "succeeded"
    assert again is None  # already finished: nothing to do
    queued.refresh_from_db()
    assert queued.finished_at == first.finished_at


def test_a_row_run_for_the_first_time_reads_no_recorded_calls(queued) -> None:
    """Its claim says none was recorded: no query for them (a run after a lost call reads them,
    see test_a_call_left_started_by_a_dead_worker_is_counted_at_an_estimate)."""
    with CaptureQueriesContext(connection) as queries:
        finished = generation_run(generation_id=queued.pk)

    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert finished.status == "succeeded"
    assert not [sql for sql in reads if sql.startswith('SELECT "generations_generationattempt"')]
    assert finished.attempt_records.count() == 1


def test_a_worker_s_run_hands_its_connection_back_once_its_call_is_recorded(
    queued, monkeypatch
) -> None:
    """Not before recording it as well: that would only take another connection for the record."""
    calls_recorded_when_handed_back: list[int] = []
    monkeypatch.setattr(
        runs,
        "release_pooled_connection",
        lambda: calls_recorded_when_handed_back.append(queued.attempt_records.count()),
    )

    generation_run(generation_id=queued.pk)

    assert calls_recorded_when_handed_back == [1]


def test_a_redelivered_task_takes_over_a_run_whose_worker_died(queued) -> None:
    dead_runner = _claim(queued.pk, take_over=False)

    not_redelivered = generation_run(generation_id=queued.pk)
    taken_over = generation_run(generation_id=queued.pk, take_over=True)

    assert dead_runner.status == "running"
    assert not_redelivered is None
    assert taken_over.status == "succeeded"
    assert taken_over.run_token != dead_runner.run_token


def test_a_runner_that_lost_its_claim_cannot_record_an_outcome(queued, monkeypatch) -> None:
    from generations.services import runs

    original_claim = runs._claim

    def claim_then_lose_it(generation_id: int, **options) -> Generation | None:
        claimed = original_claim(generation_id, **options)
        original_claim(generation_id, take_over=True)  # another runner takes the row over
        return claimed

    monkeypatch.setattr(runs, "_claim", claim_then_lose_it)

    outcome = generation_run(generation_id=queued.pk)

    assert outcome.status == "running"  # the other runner's claim stands
    assert outcome.output == ""


def test_a_cancel_during_the_run_is_kept(queued, monkeypatch) -> None:
    from generations.services import runs

    real = runs.generate_with_fallback

    def cancel_midway(**kwargs):
        Generation.objects.filter(pk=queued.pk).update(status="cancelled")
        return real(**kwargs)

    monkeypatch.setattr(runs, "generate_with_fallback", cancel_midway)

    outcome = generation_run(generation_id=queued.pk)

    assert outcome.status == "cancelled"
    assert outcome.output == ""


def test_a_missing_row_is_quietly_ignored(db) -> None:
    assert tasks.run_generation.apply(args=[987654]).get() is None


def test_stale_work_is_requeued_and_finished(
    queued, settings, django_capture_on_commit_callbacks
) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    _claim(queued.pk, take_over=False)  # its worker then died
    Generation.objects.filter(pk=queued.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    fresh = Generation.objects.create(
        workspace=queued.workspace,
        template_version=queued.template_version,
        rendered_prompt="p",
        provider="local",
        model="local-draft",
        provider_chain=[["local", "local-draft"]],
        mode="async",
    )

    with django_capture_on_commit_callbacks(execute=True):
        requeued = generations_requeue_stale()

    assert requeued == [queued.pk]
    queued.refresh_from_db()
    fresh.refresh_from_db()
    assert queued.status == "succeeded"
    assert fresh.status == "queued"  # young enough to still be waiting for its worker


def test_a_stale_run_taken_over_while_the_sweep_looks_is_left_to_its_new_runner(
    queued, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The sweep finds a run whose worker died; before it sends it back to the queue, the
    redelivered task takes it over (running again, under a new token). The sweep leaves it:
    sent back, its new runner's outcome was refused and the row was generated once more."""
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    _claim(queued.pk, take_over=False)  # its worker then died
    Generation.objects.filter(pk=queued.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    taken_over: list[Generation] = []

    def taken_over_meanwhile(generation_id: int) -> bool:
        taken_over.append(_claim(generation_id, take_over=True))
        return True

    monkeypatch.setattr(runs, "_first_requeue_this_period", taken_over_meanwhile)

    with django_capture_on_commit_callbacks(execute=True) as sent:
        requeued = generations_requeue_stale()

    queued.refresh_from_db()
    assert (requeued, sent) == ([], [])
    assert (queued.status, queued.run_token) == ("running", taken_over[0].run_token)


def test_each_finished_generation_is_metered_and_logged_once(queued, caplog) -> None:
    def count(status: str) -> float:
        value = REGISTRY.get_sample_value(
            "generations_total", {"status": status, "provider": "local"}
        )
        return value or 0.0

    before = count("succeeded")
    with caplog.at_level(logging.INFO, logger="generations"):
        generation_run(generation_id=queued.pk)
        generation_run(generation_id=queued.pk)

    assert count("succeeded") == before + 1
    events = [r for r in caplog.records if r.getMessage() == "generation finished"]
    assert len(events) == 1
    assert events[0].generation_id == queued.pk
    assert events[0].status == "succeeded"
    assert events[0].provider == "local"
    assert events[0].input_tokens > 0


def test_a_stream_abandoned_by_its_client_is_finished_and_charged(queued) -> None:
    Generation.objects.filter(pk=queued.pk).update(mode="stream")
    queued.workspace.daily_token_quota = 1_000_000
    queued.workspace.save()
    claimed = _claim(queued.pk, take_over=False)  # as the streaming request records it
    messages = generation_stream(generation=claimed, created=True)

    assert next(messages).event == "start"
    assert next(messages).event == "delta"
    messages.close()  # what Django does when the client disconnects

    queued.refresh_from_db()
    assert queued.status == "succeeded"  # the provider went on: so did the server
    assert len(queued.output.split()) > 2  # the whole text, not the one delta read
    assert queued.output_tokens > 0
    assert tokens_today(workspace=queued.workspace, now=timezone.now()) == (
        queued.input_tokens + queued.output_tokens
    )


def test_sync_work_left_running_by_a_dead_web_process_is_failed_not_requeued(
    queued, settings
) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    Generation.objects.filter(pk=queued.pk).update(
        mode="sync", status="running", started_at=timezone.now() - timedelta(minutes=5)
    )

    requeued = generations_requeue_stale()

    queued.refresh_from_db()
    assert requeued == []
    assert queued.status == "failed"
    assert "Abandoned" in queued.error


def test_a_lost_queued_generation_is_sent_again_once_per_stale_period(
    queued, settings, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    Generation.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    sent: list[int] = []
    monkeypatch.setattr(tasks.run_generation, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        first_sweep = generations_requeue_stale()
        next_sweep = generations_requeue_stale()  # a minute later, still behind a backlog

    assert first_sweep == [queued.pk]
    assert next_sweep == []
    assert sent == [queued.pk]


@pytest.fixture
def priced(template, catalogue) -> Generation:
    """Priced at $1 and $2 per million tokens in and out, the answer (1,000 + 500 tokens) costs
    $0.002; a lost call, its prompt (5 tokens) plus `max_tokens` (100), $0.000205."""
    return Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="Write about tea.",
        provider="openai",
        model="gpt-test",
        params={"max_tokens": 100},
        provider_chain=[["openai", "gpt-test"]],
        mode="async",
        use_cache=False,  # a run taking one over would find the answer in the cache
    )


def test_a_call_left_started_by_a_dead_worker_is_counted_at_an_estimate(priced, scripts) -> None:
    scripts["openai"].append(result())
    _claim(priced.pk, take_over=False)
    GenerationAttempt.objects.create(  # recorded before the call; then the worker was killed
        generation=priced,
        number=1,
        provider="openai",
        model="gpt-test",
        started_at=timezone.now(),
    )

    finished = generation_run(generation_id=priced.pk, take_over=True)

    lost, answered = finished.attempt_records.order_by("number")
    assert (lost.status, lost.cost) == ("unknown", Decimal("0.000205"))
    assert (answered.status, answered.cost) == ("succeeded", Decimal("0.002"))
    assert (answered.input_tokens, answered.output_tokens) == (1000, 500)
    assert finished.cost == Decimal("0.002205")
    assert [attempt.get("status") for attempt in finished.attempts] == ["unknown", None]


class Killed(BaseException):
    """The worker's process ending where it stands (not an error its code would handle)."""


def test_a_worker_killed_after_its_answer_but_before_its_outcome_leaves_the_call_counted(
    priced, scripts, monkeypatch
) -> None:
    """The answered call's end is written after the outcome: killed before the outcome, the
    call is still `started`, so that the run taking the row over counts it as lost (recorded as
    answered first, it was billed and counted nowhere)."""
    scripts["openai"].extend([result(), result()])
    update = QuerySet.update

    def killed_at_the_outcome(queryset, **fields):
        if queryset.model is Generation and fields.get("status") == "succeeded":
            raise Killed
        return update(queryset, **fields)

    with monkeypatch.context() as patched:
        patched.setattr(QuerySet, "update", killed_at_the_outcome)
        with pytest.raises(Killed):
            generation_run(generation_id=priced.pk)
    [left] = priced.attempt_records.all()
    finished = generation_run(generation_id=priced.pk, take_over=True)

    assert left.status == "started"
    assert [attempt.get("status") for attempt in finished.attempts] == ["unknown", None]
    assert finished.cost == Decimal("0.002205")  # the answer, and the lost call at an estimate


def test_sync_generations_record_no_attempt_rows(client_as, template, catalogue) -> None:
    """In the request, the generation row is the record of its one call in flight."""
    response = client_as("editor").post(
        "/api/generations/", {"template": template.pk, "variables": {"topic": "tea"}}
    )

    assert response.status_code == 201
    assert not GenerationAttempt.objects.exists()


def test_a_stream_left_before_its_provider_was_called_is_failed_at_once(queued) -> None:
    Generation.objects.filter(pk=queued.pk).update(mode="stream")
    messages = generation_stream(generation=_claim(queued.pk, take_over=False), created=True)

    assert next(messages).event == "start"
    messages.close()

    queued.refresh_from_db()
    assert queued.status == "failed"  # not left running for the sweep
    assert "before the provider was called" in queued.error
