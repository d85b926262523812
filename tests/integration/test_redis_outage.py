"""Redis killed, frozen (`CLIENT PAUSE`) and down when a process starts: the API answers on,
from each process's memory, and goes back to Redis once it returns. A private redis-server on a
port of its own, never the machine's shared one."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import redis
from django.core.cache import caches

from accounts.models import Role
from aiagency import cache as aiagency_cache
from aiagency.cache import RedisHealth, ResilientRedisCache
from deploy.cluster import free_port
from tests.conftest import requires_env, wait_until
from tests.hardening.live_server import live_server

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server installed"),
]


@dataclass
class PrivateRedis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def admin(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, what="the private Redis did not answer PING")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def _answers(self) -> bool:
        try:
            return bool(self.admin().ping())
        except redis.ConnectionError:
            return False


@pytest.fixture
def private_redis(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateRedis]:
    """The cache on a redis-server of this test's own; the process's view of Redis afresh."""
    server = PrivateRedis(port=free_port())
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "aiagency.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.REDIS_RETRY_SECONDS = 0.2
    monkeypatch.setattr(aiagency_cache, "redis_health", RedisHealth())
    assert isinstance(caches["default"], ResilientRedisCache)
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


def on_redis_again(client) -> Callable[[], bool]:
    def check() -> bool:
        response = client.get("/api/templates/")
        assert response.status_code == 200
        return "X-Degraded" not in response

    return check


@pytest.mark.django_db
def test_redis_killed_then_restarted(client_as, private_redis) -> None:
    client = client_as(Role.VIEWER)
    before = client.get("/api/templates/")

    private_redis.kill()
    during = [client.get("/api/templates/") for _ in range(5)]
    private_redis.start()

    assert before.status_code == 200 and "X-Degraded" not in before
    assert [response.status_code for response in during] == [200] * 5
    assert all(response["X-Degraded"] == "cache" for response in during)
    wait_until(on_redis_again(client), what="the client did not go back to Redis")


@pytest.mark.django_db
def test_redis_frozen_by_client_pause(client_as, private_redis) -> None:
    client = client_as(Role.VIEWER)
    assert client.get("/api/templates/").status_code == 200

    # Nobody may end a pause early (CLIENT UNPAUSE waits as well): it ends when it runs out.
    private_redis.admin().execute_command("CLIENT", "PAUSE", 10_000, "ALL")
    during = [client.get("/api/templates/") for _ in range(3)]

    assert [response.status_code for response in during] == [200] * 3
    assert during[0]["X-Degraded"] == "cache"
    wait_until(on_redis_again(client), what="the client did not go back to Redis")


@requires_env("DATABASE_URL")
def test_an_api_process_started_while_redis_is_down_serves() -> None:
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    with live_server("redis_down_test", REDIS_URL=dead_redis) as server:
        request = urllib.request.Request(
            f"{server.url}/api/templates/", headers={"Authorization": f"Api-Key {server.api_key}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            status, degraded = response.status, response.headers["X-Degraded"]

    assert (status, degraded) == (200, "cache")
