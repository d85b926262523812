"""Celery tasks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import Task, shared_task

from aiagency.celery import CRASH_SAFE_TASK
from content.services.deliveries import MAX_RETRIES, deliveries_requeue_stale, delivery_attempt


@shared_task(
    bind=True,
    name="content.deliver_webhook",
    # A worker killed mid-send leaves the message unacknowledged: another worker sends it.
    **{**CRASH_SAFE_TASK, "max_retries": MAX_RETRIES},
)
def deliver_webhook(self: Task, delivery_id: int) -> None:
    last = self.request.retries >= MAX_RETRIES
    delay = delivery_attempt(delivery_id=delivery_id, last=last)
    if delay is not None:
        raise self.retry(countdown=delay)


@shared_task(name="content.requeue_stale_deliveries")
def requeue_stale_deliveries() -> list[int]:
    return deliveries_requeue_stale()
