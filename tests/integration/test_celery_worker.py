"""A real `celery worker` process, fed through the real broker, answers a task."""

from __future__ import annotations

import pytest

from aiagency.celery import ping
from tests.conftest import requires_env

pytestmark = [pytest.mark.integration, requires_env("CELERY_BROKER_URL", "REDIS_URL")]


def test_a_worker_process_runs_a_task_from_the_broker(start_worker) -> None:
    worker = start_worker()

    result = ping.apply_async()

    assert result.get(timeout=60) == "pong"
    assert worker.poll() is None
