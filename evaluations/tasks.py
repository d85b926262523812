"""Celery tasks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import shared_task

from aiagency.celery import CRASH_SAFE_TASK
from evaluations.services.evaluations import evaluation_score, evaluations_requeue_stale


@shared_task(
    name="evaluations.score_evaluation",
    **CRASH_SAFE_TASK,
)
def score_evaluation(evaluation_id: int) -> str | None:
    evaluation = evaluation_score(evaluation_id=evaluation_id)
    return evaluation.status if evaluation else None


@shared_task(name="evaluations.requeue_stale_evaluations")
def requeue_stale_evaluations() -> list[int]:
    return evaluations_requeue_stale()
