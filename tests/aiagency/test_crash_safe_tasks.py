"""Every task that does a piece of work survives its worker: acknowledged only once it ends (so a
killed worker's task goes to another) and retried when the database blinks."""

from __future__ import annotations

import pytest
from celery import Task
from django.db import OperationalError

from content.tasks import deliver_webhook
from evaluations.tasks import score_evaluation
from generations.tasks import process_batch, run_generation


@pytest.mark.parametrize(
    "task",
    [run_generation, process_batch, deliver_webhook, score_evaluation],
    ids=lambda task: task.name,
)
def test_a_work_task_is_redelivered_when_its_worker_dies(task: Task) -> None:
    assert task.acks_late and task.reject_on_worker_lost
    assert OperationalError in task.autoretry_for
    assert task.max_retries >= 5
