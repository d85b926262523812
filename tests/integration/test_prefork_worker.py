"""A prefork worker, as production runs them (`docker/entrypoint.sh worker`): each pool process
keeps its database pool from task to task, and readies itself once Celery has closed the
connections it inherited (aiagency/celery_django.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection

from aiagency.celery import app
from tests.conftest import requires_env, wait_until
from tests.integration.conftest import database_url_for_workers

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    requires_env("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
]

PROCESSES = 2
TASKS = 40
A_TASK_READING_THE_DATABASE = "generations.requeue_stale_generations"


def worker_backends() -> set[tuple[int, str]]:
    """PostgreSQL's sessions open on this test session's database but its own, as they are now
    (`pg_stat_activity`, unlike the cumulative counters, is not published with a delay)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start::text FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return set(cursor.fetchall())


def run_tasks(count: int) -> None:
    for _ in range(count):
        app.send_task(A_TASK_READING_THE_DATABASE, ignore_result=False).get(timeout=60)


def log_lines(log: Path) -> list[dict]:
    lines = log.read_text(errors="replace").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def warmed_up(log: Path) -> int:
    return sum(line["message"] == "process warmed up" for line in log_lines(log))


def test_pool_processes_keep_their_database_connections_from_task_to_task(
    start_worker, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    start_worker(processes=PROCESSES, log=log, DATABASE_URL=database_url_for_workers())
    wait_until(lambda: warmed_up(log) == PROCESSES)  # each process's warm-up opened its pool
    before = worker_backends()

    run_tasks(TASKS)

    # Celery's own fixup closed a process's whole pool after each task (celery/celery#10554):
    # every connection open before was gone, each task having opened new ones.
    after = worker_backends()
    assert before and before <= after, "connections closed between tasks"
    assert len(after - before) <= PROCESSES, f"{len(after - before)} opened for {TASKS} tasks"


def test_each_pool_process_warms_up_after_celery_closed_what_it_inherited(
    start_worker, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    start_worker(processes=PROCESSES, log=log, DATABASE_URL=database_url_for_workers())

    wait_until(lambda: warmed_up(log) == PROCESSES)

    # Its steps read the database: run before Celery closed the pool inherited from the parent,
    # they failed on it ("the pool is closed") at random.
    warm_up = [line["message"] for line in log_lines(log) if line["logger"] == "aiagency.warmup"]
    assert warm_up == ["process warmed up"] * PROCESSES
