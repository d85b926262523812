"""Celery tasks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings

from aiagency.celery import CRASH_SAFE_TASK
from generations.services.batch_runs import batch_process, batches_requeue_stale
from generations.services.runs import generation_run, generations_sweep


@shared_task(
    bind=True,
    name="generations.run_generation",
    **CRASH_SAFE_TASK,
    soft_time_limit=settings.GENERATION_TASK_TIME_LIMIT_SECONDS,
    time_limit=settings.GENERATION_TASK_TIME_LIMIT_SECONDS + 30,
)
def run_generation(self: Task, generation_id: int) -> str | None:
    # A redelivered message means the worker that had it died mid-run: take the row over.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    generation = generation_run(generation_id=generation_id, take_over=redelivered)
    return generation.status if generation else None


@shared_task(name="generations.requeue_stale_generations")
def requeue_stale_generations() -> list[int]:
    return generations_sweep()


@shared_task(
    bind=True,
    name="generations.process_batch",
    **CRASH_SAFE_TASK,
    # A task works for one slice of BATCH_TASK_SLICE_SECONDS, then hands over to a new task.
    soft_time_limit=settings.BATCH_TASK_SLICE_SECONDS + settings.GENERATION_TASK_TIME_LIMIT_SECONDS,
    time_limit=settings.BATCH_TASK_SLICE_SECONDS + settings.GENERATION_TASK_TIME_LIMIT_SECONDS + 60,
)
def process_batch(self: Task, batch_id: int) -> str | None:
    # No need to look at `redelivered`: whoever takes the batch's lease takes over the rows a
    # dead runner left running (see batch_runs).
    outcome = batch_process(batch_id=batch_id)
    return outcome.ending if outcome else None


@shared_task(name="generations.requeue_stale_batches")
def requeue_stale_batches() -> list[int]:
    return batches_requeue_stale()
