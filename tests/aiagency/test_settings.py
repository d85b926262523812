"""Production settings are checked in a fresh interpreter: settings are read once per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "x7#Vq2!mZ9pL4@rT8&wK1^sN6*eB3(uY5)hJ0-cF" * 2,
    "ALLOWED_HOSTS": "aiagency.example.com",
}


def run_manage(*args: str, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **PRODUCTION}
    for name, value in overrides.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_under_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing: str) -> None:
    result = run_manage("check", **{missing: None})

    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_an_unset_django_debug_means_production() -> None:
    result = run_manage("check", DJANGO_DEBUG=None, SECRET_KEY=None)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_development_starts_on_embedded_defaults() -> None:
    result = run_manage(
        "check",
        DJANGO_DEBUG="1",
        SECRET_KEY=None,
        ALLOWED_HOSTS=None,
        DATABASE_URL=None,
        REDIS_URL=None,
        CELERY_BROKER_URL=None,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("overrides", "pool"),
    [
        ({}, 10),
        ({"BATCH_CONCURRENCY": "64"}, 16),
        ({"BATCH_CONCURRENCY": "256"}, 64),
        ({"BATCH_CONCURRENCY": "256", "DATABASE_POOL_MAX_SIZE": "20"}, 20),
    ],
)
def test_the_database_pool_grows_with_the_rows_a_batch_runner_has_in_flight(
    overrides: dict[str, str], pool: int
) -> None:
    """Past 40 rows in flight, a quarter of them: rows queued behind 10 connections timed out."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['pool'])",
        **{
            "DATABASE_URL": "postgres://bench@127.0.0.1:5432/unused",
            "BATCH_CONCURRENCY": None,
            "DATABASE_POOL_MAX_SIZE": None,
            **overrides,
        },
    )

    assert result.returncode == 0, result.stderr
    assert f"'max_size': {pool}," in result.stdout


def test_the_embedded_database_takes_the_write_lock_when_a_transaction_begins(tmp_path) -> None:
    """A batch runner's claim reads, then writes, in one transaction: begun deferred, it failed
    at once with "database is locked" while the web server wrote (an end-to-end batch lost a row
    on 2026-11-27); begun immediate, it waits its turn, up to the timeout."""
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection\n"
        "options = connection.settings_dict['OPTIONS']\n"
        "print(options['transaction_mode'], options['timeout'])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "IMMEDIATE 20"


def test_as_many_provider_calls_run_at_once_as_the_web_server_serves_requests() -> None:
    """A sync generation's call and a stream's first event are made on another thread while the
    request records its row (generations.services.runs): one such thread per request a gunicorn
    worker serves at once (`GUNICORN_THREADS`), no fewer (calls would wait for one without a
    sign) and no more (idle threads). Five calls that block: three run at once, on three
    threads, the others wait."""
    result = run_manage(
        "shell",
        "-c",
        "import threading\n"
        "from generations.services import runs\n"
        "release, started = threading.Event(), threading.Semaphore(0)\n"
        "def call():\n"
        "    started.release()\n"
        "    release.wait(30)\n"
        "calls = [runs._callers().submit(call) for _ in range(5)]\n"
        "running = sum(started.acquire(timeout=30) for _ in range(3))\n"
        "threads = sum(t.name.startswith('provider-call') for t in threading.enumerate())\n"
        "release.set()\n"
        "[c.result() for c in calls]\n"
        "print(running, threads)",
        GUNICORN_THREADS="3",
        DJANGO_DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "3 3"
