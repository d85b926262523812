"""Webhooks against a real HTTP receiver on loopback (the repo's fake server)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from aiagency.celery import app as celery_app
from content.models import BatchProject, Project, Webhook, WebhookDelivery, WebhookEvent
from content.services import deliveries
from content.services.deliveries import (
    DISABLE_AFTER,
    SIGNATURE_HEADER,
    deliveries_requeue_stale,
    delivery_attempt,
)
from content.services.transitions import item_transition
from content.services.webhooks import event_emit, webhook_update
from content.tasks import requeue_stale_deliveries
from generations.models import Batch, Generation
from generations.signals import batch_finished, generation_failed
from tests.generations.providers.fake_server import FakeResponse, FakeServer, running_server

pytestmark = pytest.mark.django_db

EVENTS = ["content.submitted", "content.approved", "batch.finished", "generation.failed"]


@pytest.fixture
def receiver(settings) -> Iterator[FakeServer]:
    settings.PROVIDER_BASE_URL_ALLOWED_HOSTS = ["127.0.0.1"]
    yield from running_server()


@pytest.fixture
def hook(receiver: FakeServer, workspace) -> Webhook:
    return Webhook.objects.create(
        workspace=workspace, url=f"{receiver.url}/hooks", events=EVENTS, secret="s3cret"
    )


def _verify(request, secret: str) -> bool:
    parts = dict(
        part.split("=", 1) for part in request.headers[SIGNATURE_HEADER.lower()].split(",")
    )
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_the_secret_is_shown_once_and_a_private_url_is_refused(client_as, workspace, settings):
    admin = client_as(Role.ADMIN)
    url = f"/api/workspaces/{workspace.pk}/webhooks/"
    refused = admin.post(url, {"url": "http://127.0.0.1:9/x", "events": EVENTS}, format="json")
    assert refused.status_code == 400
    assert "url" in refused.json()["error"]["fields"]
    settings.PROVIDER_BASE_URL_ALLOWED_HOSTS = ["127.0.0.1"]
    made = admin.post(url, {"url": "http://127.0.0.1:9/x", "events": EVENTS}, format="json")
    assert made.status_code == 201
    assert len(made.json()["secret"]) == 64
    assert "secret" not in admin.get(f"{url}{made.json()['id']}/").json()
    bad = admin.post(url, {"url": "http://127.0.0.1:9/x", "events": ["nope"]}, format="json")
    assert "events" in bad.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "answer"),
    [("viewer", 403), ("editor", 403), ("reviewer", 403), ("admin", 200), ("owner", 200)],
)
def test_webhooks_are_for_admins(client_as, workspace, role, answer) -> None:
    assert client_as(role).get(f"/api/workspaces/{workspace.pk}/webhooks/").status_code == answer


def test_a_stranger_does_not_see_the_webhooks(outsider_client, workspace) -> None:
    response = outsider_client.get(f"/api/workspaces/{workspace.pk}/webhooks/")
    assert response.status_code == 404


def test_a_submission_is_delivered_signed(
    receiver, hook, make_item, member, django_capture_on_commit_callbacks
) -> None:
    receiver.respond(FakeResponse(status=204))
    writer = member(Role.EDITOR)
    item = make_item(user=writer)
    with django_capture_on_commit_callbacks(execute=True):
        item_transition(item=item, user=writer, action="submit")
    (request,) = receiver.requests
    assert request.path == "/hooks"
    assert _verify(request, "s3cret")
    body = json.loads(request.body)
    assert body["type"] == "content.submitted"
    assert body["workspace"] == item.workspace_id
    assert body["data"]["item"]["id"] == item.pk
    assert body["id"] == str(WebhookEvent.objects.get().id)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("succeeded", 204, 1)
    assert delivery.latency_ms is not None


@pytest.fixture
def eager_retries() -> Iterator[None]:
    """Eager tasks run their retries at once (without waiting for the countdown) only when their
    errors do not propagate: a retry is the task's `Retry` exception."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


def test_a_500_then_200_delivers_the_event_once_after_a_retry(
    receiver, hook, make_item, django_capture_on_commit_callbacks, eager_retries
) -> None:
    receiver.respond(FakeResponse(status=500), FakeResponse(status=200))
    with django_capture_on_commit_callbacks(execute=True):
        item_transition(item=make_item(), user=None, action="submit")
    assert len(receiver.requests) == 2
    ids = {json.loads(request.body)["id"] for request in receiver.requests}
    assert len(ids) == 1  # the same event, which the receiver deduplicates by
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("succeeded", 2, "")
    assert Webhook.objects.get().consecutive_failures == 0


def test_a_redirect_to_a_private_address_is_not_followed(receiver, hook, workspace) -> None:
    receiver.respond(FakeResponse(status=302, headers={"Location": "http://10.0.0.1/steal"}))
    event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    assert delivery_attempt(delivery_id=delivery.pk) is not None  # to be tried again
    delivery.refresh_from_db()
    assert delivery.status_code == 302
    assert "Redirects are not followed" in delivery.error
    assert [request.path for request in receiver.requests] == ["/hooks"]


def test_the_address_is_checked_again_when_connecting(receiver, hook, workspace, settings):
    settings.PROVIDER_BASE_URL_ALLOWED_HOSTS = []  # allowed when saved, not any more
    event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    delivery_attempt(delivery_id=delivery.pk, last=True)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "private or local network" in delivery.error
    assert receiver.requests == []


def test_fifty_failures_in_a_row_switch_the_hook_off(receiver, hook, workspace) -> None:
    receiver.respond(FakeResponse(status=503))
    Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=DISABLE_AFTER - 1)
    event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)
    hook.refresh_from_db()
    assert not hook.active
    assert "50 failed deliveries in a row" in hook.disabled_reason
    assert "HTTP 503" in hook.disabled_reason


def test_an_attempt_failing_while_another_delivered_it_leaves_it_delivered(
    receiver, hook, workspace, monkeypatch
) -> None:
    """Two tasks send one delivery at once (a message sent again by the sweep or an admin while
    the first was still sending), and the answer that comes last is a failure (a receiver
    refusing the duplicate, a timeout). It is counted as an attempt, but the delivery stays
    delivered: recorded pending over the success, it was sent again for 24 hours."""
    receiver.respond(FakeResponse(status=200))
    event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    post = deliveries._post

    def the_other_delivers_it_meanwhile(sent: WebhookDelivery) -> tuple[int | None, str]:
        monkeypatch.setattr(deliveries, "_post", post)
        assert delivery_attempt(delivery_id=sent.pk) is None
        return None, "ReadTimeout: timed out"

    monkeypatch.setattr(deliveries, "_post", the_other_delivers_it_meanwhile)

    retry_in = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code, delivery.error) == ("succeeded", 200, "")
    assert (delivery.attempts, retry_in) == (2, None)


def test_an_edit_of_a_hook_switched_off_meanwhile_keeps_it_off(receiver, hook) -> None:
    """An admin changes a failing hook's address; its fiftieth failure in a row switches it off
    between the admin's read of it and the save. It stays off, saying why: saved whole from
    what the admin's request read, it was switched back on silently, its failures forgotten."""
    Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=DISABLE_AFTER - 1)
    read_by_the_admin = Webhook.objects.get(pk=hook.pk)
    deliveries._count_failure(hook, "HTTP 503")

    answered = webhook_update(webhook=read_by_the_admin, data={"url": f"{receiver.url}/moved"})

    assert not answered.active
    hook.refresh_from_db()
    assert (hook.url, hook.active) == (f"{receiver.url}/moved", False)
    assert hook.consecutive_failures == DISABLE_AFTER
    assert "50 failed deliveries in a row" in hook.disabled_reason


def test_deliveries_are_listed_and_redelivered(
    client_as, receiver, hook, workspace, django_capture_on_commit_callbacks
) -> None:
    receiver.respond(FakeResponse(status=200))
    with django_capture_on_commit_callbacks(execute=True):
        event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    admin = client_as(Role.ADMIN)
    base = f"/api/workspaces/{workspace.pk}/webhooks/{hook.pk}/deliveries/"
    (row,) = admin.get(base).json()["results"]
    assert (row["status"], row["status_code"], row["attempts"]) == ("succeeded", 200, 1)
    with django_capture_on_commit_callbacks(execute=True):
        again = admin.post(f"{base}{row['id']}/redeliver/")
    assert again.status_code == 202
    assert len(receiver.requests) == 2
    assert WebhookDelivery.objects.get().attempts == 2


def test_generations_events_arrive_through_signals(receiver, hook, template) -> None:
    batch = Batch.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        provider="local",
        model="local-draft",
        status=Batch.Status.COMPLETED,
    )
    project = Project.objects.create(workspace=template.workspace, name="Launch", slug="launch")
    BatchProject.objects.create(batch=batch, project=project)
    batch_finished.send(sender=Batch, batch=batch)
    generation = Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="x",
        provider="local",
        model="local-draft",
        status=Generation.Status.FAILED,
        error="boom",
    )
    generation_failed.send(sender=Generation, generation=generation)
    events = WebhookEvent.objects.order_by("created_at")
    assert [event.type for event in events] == ["batch.finished", "generation.failed"]
    assert events[0].data["batch"]["project"] == project.pk
    assert events[1].data["generation"]["error"] == "boom"


def test_no_event_is_recorded_without_a_hook_that_wants_it(workspace) -> None:
    assert event_emit(workspace_id=workspace.pk, type="content.published", data={}) is None
    assert not WebhookEvent.objects.exists()


def _overdue(delivery: WebhookDelivery, settings) -> None:
    """Put the delivery's due attempt just past the stale window (as a lost message leaves it)."""
    late = settings.WEBHOOK_STALE_AFTER_SECONDS + 1
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=late)
    )


def test_a_killed_worker_does_not_lose_a_delivery(
    receiver, hook, workspace, settings, django_capture_on_commit_callbacks
) -> None:
    receiver.respond(FakeResponse(status=200))
    # The event is recorded, but its message dies with the worker: the task never runs.
    with django_capture_on_commit_callbacks(execute=False):
        event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    assert deliveries_requeue_stale() == []  # not overdue yet
    _overdue(delivery, settings)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_deliveries() == [delivery.pk]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)
    assert deliveries_requeue_stale() == []  # delivered: never sent again


def test_a_delivery_waiting_for_its_retry_is_left_to_it(
    receiver, hook, workspace, django_capture_on_commit_callbacks
) -> None:
    receiver.respond(FakeResponse(status=503))
    with django_capture_on_commit_callbacks(execute=True):
        event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    # The retry is due in 30 s; the sweep leaves it to the task that holds it.
    assert delivery.next_attempt_at > delivery.last_attempt_at
    assert deliveries_requeue_stale() == []


def test_two_sweeps_at_once_send_an_overdue_delivery_once(
    hook, workspace, settings, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        event_emit(workspace_id=workspace.pk, type="batch.finished", data={})
    delivery = WebhookDelivery.objects.get()
    _overdue(delivery, settings)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        first, second = deliveries_requeue_stale(), deliveries_requeue_stale()
    assert (first, second, len(sent)) == ([delivery.pk], [], 1)


def test_the_beat_runs_the_sweep(settings) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["requeue-stale-webhook-deliveries"]
    assert schedule["task"] == requeue_stale_deliveries.name
