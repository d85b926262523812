"""Celery tasks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from evaluations.services.evaluations import evaluation_score, evaluations_requeue_stale


@shared_task(
    name="evaluations.score_evaluation",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def score_evaluation(evaluation_id: int) -> str | None:
    evaluation = evaluation_score(evaluation_id=evaluation_id)
    return evaluation.status if evaluation else None


@shared_task(name="evaluations.requeue_stale_evaluations")
def requeue_stale_evaluations() -> list[int]:
    return evaluations_requeue_stale()
