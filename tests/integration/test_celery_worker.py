"""A real `celery worker` process, fed through the real broker, answers a task."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiagency.celery import ping
from tests.conftest import requires_env

pytestmark = [pytest.mark.integration, requires_env("CELERY_BROKER_URL", "REDIS_URL")]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process() -> Iterator[subprocess.Popen[bytes]]:
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "aiagency",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_worker_process_runs_a_task_from_the_broker(celery_worker_process) -> None:
    result = ping.apply_async()

    assert result.get(timeout=60) == "pong"
    assert celery_worker_process.poll() is None
