"""Real `celery worker` processes for integration tests, on the broker `.ci/run` configures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from kombu import Queue
from rest_framework.test import APIClient

from accounts.models import Role
from aiagency.celery import app as celery_app
from tests.conftest import RUN, client_for
from tests.factories import MembershipFactory
from tests.generations.providers.fake_server import (
    FakeServer,
    openai_completion,
    running_server,
)

ROOT = Path(__file__).resolve().parents[2]

WorkerFactory = Callable[..., subprocess.Popen[bytes]]


def database_url_for_workers() -> str:
    """The URL of the database this test session writes to, for a worker to read the same rows."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


# The tests' own queue on the shared broker, emptied before each test and deleted after it, so
# that neither another run (side by side or before) nor another deployment's workers (the cluster
# test's) mix with a test's tasks.
QUEUE = f"aiagency-integration-tests-{RUN}"


@pytest.fixture
def start_worker() -> Iterator[WorkerFactory]:
    """`start_worker(NAME=value, ...)` starts a solo worker with those extra environment variables;
    `start_worker(processes=N, log=path)` a prefork worker of N processes (as production runs
    them, `docker/entrypoint.sh`) whose log goes to `path`. Every worker started is stopped at the
    end of the test."""
    workers: list[subprocess.Popen[bytes]] = []
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = QUEUE
    with celery_app.connection_for_write() as broker:
        queue = Queue(QUEUE)(broker.default_channel)  # declared as Celery declares it
        queue.declare()
        queue.purge()

    def start(
        *, processes: int = 0, log: Path | None = None, **environment: str
    ) -> subprocess.Popen[bytes]:
        # One task at a time, so one message held: a solo worker's concurrency defaults to the
        # CPU count, the messages it prefetches (late acks) wait behind the one running while
        # another worker is idle (a batch's second runner).
        pool = [f"--concurrency={processes}"] if processes else ["--pool=solo", "--concurrency=1"]
        stderr = log.open("wb") if log else None
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "aiagency",
                "worker",
                *pool,
                f"--loglevel={'INFO' if log else 'WARNING'}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                # A name of this run's own: two workers named alike on one broker (two runs side
                # by side) contend for the same remote-control queue, RabbitMQ's RESOURCE_LOCKED.
                f"--hostname=integration-{RUN}-{len(workers)}@%h",
            ],
            cwd=ROOT,
            env={**os.environ, "CELERY_TASK_DEFAULT_QUEUE": QUEUE, **environment},
            stderr=stderr,
        )
        if stderr:
            stderr.close()  # the worker has its own
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        celery_app.conf.task_default_queue = previous_queue
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        with celery_app.connection_for_write() as broker:
            Queue(QUEUE)(broker.default_channel).delete()


MODEL = "llama-test"


def completion(text: str) -> dict:
    return openai_completion(text, model=MODEL)


@pytest.fixture
def provider_server(settings) -> Iterator[FakeServer]:
    """An OpenAI-compatible provider on loopback, configured here (the API checks a provider is
    configured before recording work) and, through `worker_environment`, in workers."""
    for server in running_server():
        settings.AI_PROVIDERS = {
            **settings.AI_PROVIDERS,
            "openai_compatible": {"api_key": "", "base_url": f"{server.url}/v1", "timeout": 30},
        }
        yield server


def worker_environment(server: FakeServer, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url_for_workers(),
        "OPENAI_COMPATIBLE_BASE_URL": f"{server.url}/v1",
        "PROVIDER_MAX_RETRIES": "0",
        **extra,
    }


@pytest.fixture
def editor_client(workspace) -> APIClient:
    return client_for(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)
