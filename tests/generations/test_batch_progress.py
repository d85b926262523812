"""A batch's progress stream: no pooled connection held between polls, and a bound on the streams
one user holds open (adversarial test, November 2026: 30 streams made every request answer 503)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection

from accounts.models import Role
from generations.models import Batch
from generations.services import batch_progress
from tests.generations.test_batches_api import create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_as):
    return client_as(Role.EDITOR)


@pytest.fixture
def unfinished_batch(editor, product_template, scripts) -> int:
    return create(editor, product_template).json()["id"]  # queued: its task has not run


def close(response) -> None:
    """The client went away: the server closes the response. The test's transaction keeps its
    connection, which `request_finished` would otherwise close (PostgreSQL's connections are not
    persistent here)."""
    with mock.patch.object(connection, "close_if_unusable_or_obsolete"):
        response.close()


def first_event(response) -> str:
    return next(iter(response.streaming_content)).decode().splitlines()[0]


def test_one_stream_more_than_the_limit_answers_429(editor, unfinished_batch, settings) -> None:
    settings.BATCH_EVENTS_MAX_STREAMS_PER_USER = 2
    url = f"/api/batches/{unfinished_batch}/events/"
    streams = [editor.get(url), editor.get(url)]

    refused = editor.get(url)

    assert [first_event(stream) for stream in streams] == ["event: progress"] * 2
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_streams"
    assert refused["Retry-After"]
    close(streams[0])  # its slot is free again
    again = editor.get(url)
    assert again.status_code == 200
    for stream in (streams[1], again):
        close(stream)


def test_a_stream_never_started_gives_its_slot_back(editor, unfinished_batch, settings) -> None:
    settings.BATCH_EVENTS_MAX_STREAMS_PER_USER = 1
    url = f"/api/batches/{unfinished_batch}/events/"

    close(editor.get(url))  # before its first event

    response = editor.get(url)
    assert response.status_code == 200
    close(response)


def test_a_finished_stream_gives_its_slot_back(
    editor, product_template, scripts, django_capture_on_commit_callbacks, settings
) -> None:
    settings.BATCH_EVENTS_MAX_STREAMS_PER_USER = 1
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = create(editor, product_template).json()["id"]
    url = f"/api/batches/{batch_id}/events/"

    events = b"".join(editor.get(url).streaming_content).decode()
    again = editor.get(url)

    assert "event: done" in events
    assert again.status_code == 200
    close(again)


def test_each_poll_gives_its_pooled_connection_back(
    editor, unfinished_batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[None] = []
    monkeypatch.setattr(batch_progress, "release_pooled_connection", lambda: released.append(None))
    monkeypatch.setattr(batch_progress.time, "sleep", lambda seconds: None)
    stream = editor.get(f"/api/batches/{unfinished_batch}/events/")
    chunks = iter(stream.streaming_content)

    first = next(chunks)  # the first poll
    polls_before = len(released)
    monkeypatch.setattr(batch_progress, "HEARTBEAT_SECONDS", 0.0)
    heartbeats = [next(chunks), next(chunks)]  # the second after another poll

    assert first.startswith(b"event: progress")
    assert heartbeats == [b": heartbeat\n\n"] * 2
    assert (polls_before, len(released)) == (1, 2)
    close(stream)


def test_following_a_batch_reports_its_counts_until_it_has_finished(
    unfinished_batch, monkeypatch
) -> None:
    monkeypatch.setattr(batch_progress, "POLL_SECONDS", 0)
    seen = []

    def on_progress(counts) -> None:
        seen.append(counts.finished)
        if len(seen) == 2:  # the workers finish it meanwhile
            Batch.objects.filter(pk=unfinished_batch).update(status=Batch.Status.CANCELLED)

    batch_progress.batch_follow(batch_id=unfinished_batch, on_progress=on_progress)

    assert len(seen) == 3  # two polls while active, one at its end
