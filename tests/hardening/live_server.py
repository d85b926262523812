"""A real server process for the schema-driven tests: gunicorn on a free loopback port, on its own
PostgreSQL database (created and migrated here) and the configured Redis, Celery eager."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

from deploy.cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
DATABASE_NAME = "schemathesis_test"

# Run inside the server's environment: a user, a workspace, a template, an admin API key.
_SEED = """
import json
from accounts.models import Role
from accounts.services import api_key_create, user_register
from templates_app.services.versions import template_create

user = user_register(email="fuzz@example.com", password="correct-horse-battery-staple")
workspace = user.memberships.get().workspace
template = template_create(workspace=workspace, user=user, data={
    "name": "Fuzz", "body": "Write about {{ topic }}.",
    "variables": [{"name": "topic", "required": False, "default": "cats"}],
}).template
_key, raw = api_key_create(
    workspace=workspace, user=user, name="fuzz", role=Role.ADMIN, actor_role=Role.OWNER
)
print(json.dumps({"workspace": workspace.pk, "template": template.pk, "user": user.pk, "key": raw}))
"""


@dataclass(frozen=True)
class LiveServer:
    url: str
    api_key: str
    workspace_id: int
    template_id: int
    user_id: int
    pid: int  # gunicorn's master

    def generate_at_once(self, path: str, callers: int) -> list[httpx.Response]:
        """`callers` generations of the seeded template on `openai_compatible` (its fake
        provider), posted to `path` at the same time, each on its own connection."""
        headers = {"Authorization": f"Api-Key {self.api_key}"}
        body = {
            "template": self.template_id,
            "provider": "openai_compatible",
            "model": "fake-model",
            "cache": False,
        }
        with httpx.Client(base_url=self.url, headers=headers, timeout=120) as client:

            def generate(_: int) -> httpx.Response:
                return client.post(path, json=body)

            with ThreadPoolExecutor(max_workers=callers) as executor:
                return list(executor.map(generate, range(callers)))


def admin_url(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))


def run_database_name(name: str) -> str:
    """`name` made this test run's own: two runs side by side on one PostgreSQL server must not
    drop each other's databases."""
    return f"{name}_{os.getpid()}"


def _recreate_database(database_url: str, name: str) -> str:
    with psycopg.connect(admin_url(database_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


def _drop_database(database_url: str, name: str) -> None:
    with psycopg.connect(admin_url(database_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer on {url} within {timeout} s")


# gunicorn's arguments for serving the app as production does (docker/entrypoint.sh): the
# settings file's gthread workers on aiagency.wsgi.
GUNICORN = ["--config", "aiagency/gunicorn.conf.py"]


@contextmanager
def live_server(database: str = DATABASE_NAME, **extra_environment: str) -> Iterator[LiveServer]:
    """A gunicorn serving the app as production does, on its own fresh database `database`,
    seeded; the environment's values below can be overridden by `extra_environment`."""
    database = run_database_name(database)
    database_url = _recreate_database(os.environ["DATABASE_URL"], database)
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        # Celery stays eager in the server: no broker, so async work runs in the request.
        if key not in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        CELERY_TASK_ALWAYS_EAGER="1",
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX=f"schemathesis-{port}",
        DJANGO_DEBUG="1",
        LOG_LEVEL="ERROR",  # 4xx are the point of the run; 5xx fail it anyway
        # The fuzzer sends thousands of requests a minute: the limits are tested elsewhere.
        API_RATE_LIMIT_PER_MINUTE="1000000",
        GENERATIONS_PER_USER_PER_MINUTE="1000000",
    )
    environment.update(extra_environment)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    seeded = subprocess.run(
        [python, "manage.py", "shell", "-c", _SEED],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            *GUNICORN,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--no-control-socket",  # as aiagency/gunicorn.conf.py: one path per user otherwise
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_until_up(url, process)
        yield LiveServer(
            url=url,
            api_key=seed["key"],
            workspace_id=seed["workspace"],
            template_id=seed["template"],
            user_id=seed["user"],
            pid=process.pid,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        _drop_database(os.environ["DATABASE_URL"], database)
