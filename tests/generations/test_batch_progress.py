"""A batch's progress stream: no pooled connection held between polls, and a bound on the streams
one user holds open (adversarial test, November 2026: 30 streams made every request answer 503)."""

from __future__ import annotations

import pytest

from accounts.models import Role
from generations.services import batch_progress
from tests.generations.test_batches_api import create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_as):
    return client_as(Role.EDITOR)


@pytest.fixture
def unfinished_batch(editor, product_template, scripts) -> int:
    return create(editor, product_template).json()["id"]  # queued: its task has not run


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
    streams[0].close()  # the client went away: its slot is free again
    again = editor.get(url)
    assert again.status_code == 200
    for stream in (streams[1], again):
        stream.close()


def test_a_stream_never_started_gives_its_slot_back(editor, unfinished_batch, settings) -> None:
    settings.BATCH_EVENTS_MAX_STREAMS_PER_USER = 1
    url = f"/api/batches/{unfinished_batch}/events/"

    editor.get(url).close()  # closed before its first event

    response = editor.get(url)
    assert response.status_code == 200
    response.close()


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
    again.close()


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
    stream.close()
