"""`generation_submit`: one way to record and start a generation, whatever its mode and key."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError

from accounts.models import Role
from generations.models import Generation
from generations.services import runs
from generations.services.requests import GenerationInput
from generations.services.submissions import (
    generation_retry,
    generation_stream_submit,
    generation_submit,
)
from tests.generations.conftest import result

pytestmark = pytest.mark.django_db
Status = Generation.Status


def ask(template, **overrides) -> GenerationInput:
    fields = {"variables": {"topic": "green tea"}, "provider": "openai", "model": "gpt-test"}
    return GenerationInput(template=template, **{**fields, **overrides})


def test_a_sync_submission_runs_to_its_end(member, template, catalogue, scripts) -> None:
    generation, created = generation_submit(
        user=member(Role.EDITOR), data=ask(template), idempotency_key=None
    )

    assert created and generation.status == Status.SUCCEEDED
    assert Generation.objects.get().output == "A fine answer."
    assert len(scripts.calls) == 1


def test_an_async_submission_is_queued_once_the_transaction_commits(
    member, template, catalogue, scripts, django_capture_on_commit_callbacks
) -> None:
    editor = member(Role.EDITOR)
    with django_capture_on_commit_callbacks() as sent:
        generation, created = generation_submit(
            user=editor, data=ask(template, mode=Generation.Mode.ASYNC), idempotency_key="k-1"
        )

    assert created and generation.status == Status.QUEUED
    assert len(sent) == 1 and not scripts.calls


def test_a_replayed_submission_starts_nothing(
    member, template, catalogue, scripts, django_capture_on_commit_callbacks
) -> None:
    editor = member(Role.EDITOR)
    first, _ = generation_submit(user=editor, data=ask(template), idempotency_key="k-1")

    with django_capture_on_commit_callbacks() as sent:
        again, created = generation_submit(user=editor, data=ask(template), idempotency_key="k-1")

    assert (again.pk, created) == (first.pk, False)
    assert not sent and len(scripts.calls) == 1


def test_a_retry_is_submitted_without_the_result_cache(
    member, template, catalogue, scripts
) -> None:
    editor = member(Role.EDITOR)
    original, _ = generation_submit(user=editor, data=ask(template), idempotency_key=None)

    retried, created = generation_retry(generation=original, user=editor, mode=Generation.Mode.SYNC)

    assert created and retried.pk != original.pk
    assert not retried.cache_hit and len(scripts.calls) == 2


def test_a_stream_left_after_its_start_is_still_run_to_its_end_and_recorded(
    member, template, catalogue, scripts
) -> None:
    """Its provider was asked while its row was being recorded: the call is billed all the
    same, so it is read to its end and recorded as if watched."""
    scripts["openai"].append(result("Green tea is calm."))
    generation, messages = generation_stream_submit(
        user=member(Role.EDITOR),
        data=ask(template, mode=Generation.Mode.STREAM),
        idempotency_key=None,
    )

    assert next(messages).data == {"id": generation.pk}
    messages.close()

    stored = Generation.objects.get()
    assert (stored.status, stored.output) == (Status.SUCCEEDED, "Green tea is calm.")
    assert len(scripts.calls) == 1


@pytest.mark.parametrize(
    ("key", "status", "calls"),
    [
        # Its provider was asked while its row was being recorded: read to its end, recorded.
        (None, Status.SUCCEEDED, 1),
        # Recorded first (a key): the provider was never asked, and will not be.
        ("first-try", Status.FAILED, 0),
    ],
)
def test_a_stream_closed_before_its_first_message_is_settled_at_once(
    member, template, catalogue, scripts, key, status, calls
) -> None:
    """The server could not send the answer's headers: its messages are closed unread (a
    generator closed before it starts would run none of its code, leaving the provider's
    stream to the garbage collector and the row running until the sweep)."""
    scripts["openai"].append(result("Green tea is calm."))
    _, messages = generation_stream_submit(
        user=member(Role.EDITOR),
        data=ask(template, mode=Generation.Mode.STREAM),
        idempotency_key=key,
    )

    messages.close()

    assert Generation.objects.get().status == status
    assert len(scripts.calls) == calls


def test_a_sync_submission_whose_row_cannot_be_recorded_answers_nothing(
    member, template, catalogue, scripts, monkeypatch
) -> None:
    """Its provider was asked while its row was being recorded (`runs._call_while_recording`):
    a row that cannot be recorded is raised (the API's 503), never answered unrecorded."""
    insert = Generation.save

    def failing_insert(self: Generation, *args, **kwargs) -> None:
        if kwargs.get("force_insert"):
            raise OperationalError("the database went away")
        insert(self, *args, **kwargs)

    monkeypatch.setattr(Generation, "save", failing_insert)

    with pytest.raises(OperationalError):
        generation_submit(user=member(Role.EDITOR), data=ask(template), idempotency_key=None)

    assert not Generation.objects.exists()


def test_a_provider_call_is_under_way_before_the_request_records_its_row() -> None:
    """The request's thread waits until the call's thread runs it: its INSERT, CPU-bound, would
    otherwise hold the GIL while the call waits for it (`runs._on_a_caller_first`)."""
    release = threading.Event()
    try:
        call = runs._on_a_caller_first(lambda: release.wait(timeout=60))
        assert call.running()
    finally:
        release.set()
    assert call.result(timeout=60) is True
