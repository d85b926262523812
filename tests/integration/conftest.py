"""Real `celery worker` processes for integration tests, on the broker `.ci/run` configures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

WorkerFactory = Callable[..., subprocess.Popen[bytes]]


def database_url_for_workers() -> str:
    """The URL of the database this test session writes to, for a worker to read the same rows."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def start_worker() -> Iterator[WorkerFactory]:
    """`start_worker(NAME=value, ...)` starts a solo worker with those extra environment variables;
    every worker started is stopped at the end of the test."""
    workers: list[subprocess.Popen[bytes]] = []

    def start(**environment: str) -> subprocess.Popen[bytes]:
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
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env={**os.environ, **environment},
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
