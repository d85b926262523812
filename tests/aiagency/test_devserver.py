"""`python -m aiagency.devserver` (what `make run` serves with): the development server and a real
Celery worker on the embedded broker (a folder), started and stopped together. Async work runs in
the worker, as in production, not in the request."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from deploy.cluster import free_port
from tests.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple"
FINISHED = {"succeeded", "completed", "failed", "cancelled"}
STARTUP_SECONDS = 180.0  # two Django processes starting on a machine that may be busy
WORK_SECONDS = 120.0


@dataclass
class Devserver:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def child_pid(self, name: str) -> int:
        return int(re.search(rf"{name} started \(pid (\d+)\)", self.log.read_text()).group(1))

    def ended(self) -> bool:
        return self.process.poll() is not None


def _group_gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=5).json()["checks"]["broker"] == "ok"
    except (httpx.HTTPError, ValueError):
        return False


@pytest.fixture
def devserver(tmp_path: Path) -> Iterator[Devserver]:
    """The launcher on a free port, a fresh SQLite database and its own broker folder; with
    `DJANGO_DEBUG` unset, as on a fresh clone (the launcher sets development itself)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DATABASE_", "REDIS_", "DJANGO_"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMBEDDED_BROKER_DIR=str(tmp_path / "broker"),
        MEDIA_ROOT=str(tmp_path / "media"),
        EMBEDDED_BROKER_POLLING_SECONDS="0.1",
    )
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**environment, "DJANGO_DEBUG": "1"},
        check=True,
    )
    port = free_port()
    log = tmp_path / "devserver.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [python, "-m", "aiagency.devserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Devserver(process=process, url=f"http://127.0.0.1:{port}", log=log)
    try:
        wait_until(lambda: server.ended() or _answers(server.url), seconds=STARTUP_SECONDS)
        assert not server.ended(), log.read_text()
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


def _signed_in(url: str) -> tuple[httpx.Client, int]:
    """A new user's client, and a template of their workspace with one variable `topic`."""
    client = httpx.Client(base_url=f"{url}/api", timeout=30)
    email = "runner@example.com"
    assert client.post("/auth/register/", json={"email": email, "password": PASSWORD}).is_success
    tokens = client.post("/auth/token/", json={"email": email, "password": PASSWORD}).json()
    client.headers["Authorization"] = f"Bearer {tokens['access']}"
    workspace = client.get("/workspaces/").json()["results"][0]["id"]
    template = client.post(
        "/templates/",
        json={
            "workspace": workspace,
            "name": "Post",
            "body": "Write about {{ topic }}.",
            "variables": [{"name": "topic", "type": "string", "required": True}],
        },
    )
    assert template.status_code == 201, template.text
    return client, template.json()["id"]


def _finished(client: httpx.Client, path: str) -> dict:
    answers: list[dict] = []

    def done() -> bool:
        answers.append(client.get(path).json())
        return answers[-1]["status"] in FINISHED

    wait_until(done, seconds=WORK_SECONDS)
    return answers[-1]


def _generate_in_the_background(client: httpx.Client, template: int) -> httpx.Response:
    return client.post(
        "/generations/",
        json={
            "template": template,
            "variables": {"topic": "cats"},
            "provider": "local",
            "mode": "async",
        },
    )


def test_async_generations_and_batches_run_in_the_worker(devserver: Devserver) -> None:
    client, template = _signed_in(devserver.url)

    generation = _generate_in_the_background(client, template)
    batch = client.post(
        "/batches/",
        json={"template": template, "provider": "local", "rows": [{"topic": "a"}, {"topic": "b"}]},
    )

    assert generation.status_code == 202, generation.text
    assert generation.json()["status"] == "queued"  # answered before anything ran
    assert batch.status_code == 201, batch.text
    assert _finished(client, f"/generations/{generation.json()['id']}/")["status"] == "succeeded"
    finished_batch = _finished(client, f"/batches/{batch.json()['id']}/")
    assert (finished_batch["status"], finished_batch["succeeded"]) == ("succeeded", 2)
    # The worker ran both (the batch's task ends after the batch, once its results are written).
    for task in ("run_generation", "process_batch"):
        done = re.compile(rf"Task generations\.{task}\[[\w-]+\] succeeded")
        wait_until(lambda done=done: bool(done.search(devserver.log.read_text())), seconds=60)


def test_a_message_that_does_not_decode_is_set_aside_and_the_worker_goes_on(
    devserver: Devserver, tmp_path: Path
) -> None:
    client, template = _signed_in(devserver.url)
    # An empty message file: what kombu's own transport let a worker read while a sender was
    # still writing, and what stopped the worker (and so the web server) before.
    (tmp_path / "broker" / "messages" / "0_empty.celery.msg").write_bytes(b"")

    generation = _generate_in_the_background(client, template)

    assert _finished(client, f"/generations/{generation.json()['id']}/")["status"] == "succeeded"
    assert (tmp_path / "broker" / "unreadable" / "0_empty.celery.msg").exists()
    assert "an unreadable message on the embedded broker was set aside" in devserver.log.read_text()
    assert not devserver.ended()


def test_sigterm_stops_the_server_and_the_worker(devserver: Devserver) -> None:
    web, worker = devserver.child_pid("web"), devserver.child_pid("worker")

    devserver.process.send_signal(signal.SIGTERM)

    assert devserver.process.wait(timeout=60) == 0
    # Killed processes leave the group once they are reaped: wait for that, not for a time.
    wait_until(lambda: _group_gone(web) and _group_gone(worker), seconds=30)


def test_when_the_worker_dies_the_server_is_stopped_too(devserver: Devserver) -> None:
    web, worker = devserver.child_pid("web"), devserver.child_pid("worker")

    os.kill(worker, signal.SIGKILL)

    assert devserver.process.wait(timeout=60) != 0
    # Killed processes leave the group once they are reaped: wait for that, not for a time.
    wait_until(lambda: _group_gone(web) and _group_gone(worker), seconds=30)
    assert "worker exited with code -9: stopping the rest" in devserver.log.read_text()
