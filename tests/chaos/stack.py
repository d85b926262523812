"""The production-shaped stack each chaos run breaks: `deploy/cluster.py`'s cluster (nginx before
gunicorn with gthread workers, `DJANGO_DEBUG=0`, Celery workers and beat, every process started
through `docker/entrypoint.sh`) on a private PostgreSQL and a private Redis, the broker that
`CELERY_BROKER_URL` names (a queue of the run's own), and the chaos provider.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from deploy.cluster import ROOT, Cluster, ClusterConfig
from tests.chaos.provider import MODEL, ChaosProvider, chaos_provider
from tests.chaos.services import PrivatePostgres, PrivateRedis, private_postgres, private_redis

# Limits out of the way unless a run tests them; a quick sweep so that work a dead process left
# behind comes back within the run.
QUIET_LIMITS = {
    "API_RATE_LIMIT_PER_MINUTE": "1000000",
    "API_RATE_LIMIT_ANON_PER_MINUTE": "1000000",
    "GENERATIONS_PER_USER_PER_MINUTE": "1000000",
    "LOG_LEVEL": "WARNING",
    "GENERATION_TASK_TIME_LIMIT_SECONDS": "20",
    "GENERATION_STALE_AFTER_SECONDS": "30",
    "GENERATION_SWEEP_INTERVAL_SECONDS": "5",
    "CIRCUIT_FAILURE_THRESHOLD": "1000000",
    # A recycled worker would hide growth and restarts: the runs watch the same processes.
    "GUNICORN_MAX_REQUESTS": "0",
}


@dataclass
class Stack:
    cluster: Cluster
    postgres: PrivatePostgres
    redis: PrivateRedis
    provider: ChaosProvider

    @property
    def url(self) -> str:
        return self.cluster.url

    def logs(self) -> str:
        """Everything every process of the cluster wrote, and the database's log."""
        logs = Path(self.cluster.workdir).glob("*.log")
        texts = [path.read_text(errors="replace") for path in logs]
        return "\n".join([*texts, self.postgres.log_text()])


@contextmanager
def chaos_stack(
    *,
    api_processes: int = 1,
    api_workers: int = 2,
    worker_processes: int = 1,
    max_connections: int = 100,
    environment: dict[str, str] | None = None,
    provider_delay: float = 0.05,
    provider_userinfo: str = "",
) -> Iterator[Stack]:
    """The stack; `provider_userinfo` (`user:password`) is written into the server-wide
    provider base URL, as an operator might."""
    with ExitStack() as stack:
        postgres = stack.enter_context(private_postgres(max_connections=max_connections))
        redis = stack.enter_context(private_redis())
        provider = stack.enter_context(chaos_provider(delay=provider_delay))
        config = ClusterConfig(
            database_url=postgres.url,
            redis_url=redis.url,
            broker_url=os.environ["CELERY_BROKER_URL"],
            database="chaos",
            api_processes=api_processes,
            api_workers=api_workers,
            worker_processes=worker_processes,
            queue=f"aiagency-chaos-{uuid.uuid4().hex[:8]}",
            environment={
                **QUIET_LIMITS,
                "OPENAI_COMPATIBLE_BASE_URL": with_userinfo(provider.base_url, provider_userinfo),
                "OPENAI_COMPATIBLE_API_KEY": "sk-chaos",
                **(environment or {}),
            },
        )
        cluster = stack.enter_context(Cluster(config))
        yield Stack(cluster=cluster, postgres=postgres, redis=redis, provider=provider)


def with_userinfo(url: str, userinfo: str) -> str:
    return url.replace("://", f"://{userinfo}@", 1) if userinfo else url


@dataclass
class Account:
    """A user of the stack with a workspace of their own, an admin API key (it does not expire
    during a long run, as a 15-minute access token would) and one template."""

    key: str
    workspace: int
    template: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Api-Key {self.key}"}

    def generation(self, mode: str = "sync", **extra: object) -> dict[str, object]:
        body: dict[str, object] = {
            "template": self.template,
            "variables": {"topic": "storms"},
            "provider": "openai_compatible",
            "model": MODEL,
            "cache": False,
            **extra,
        }
        if mode != "stream":
            body["mode"] = mode
        return body


def sign_up(url: str, *, password: str = "chaos-pass-1234") -> Account:
    """Register a user (who gets a workspace), make an API key, create a template."""
    email = f"chaos-{uuid.uuid4().hex[:10]}@example.com"
    with httpx.Client(base_url=url, timeout=30) as http:
        registered = http.post("/api/auth/register/", json={"email": email, "password": password})
        assert registered.status_code == 201, registered.text
        token = http.post("/api/auth/token/", json={"email": email, "password": password})
        assert token.status_code == 200, token.text
        http.headers["Authorization"] = f"Bearer {token.json()['access']}"
        workspace = http.get("/api/me/").json()["memberships"][0]["workspace"]["id"]
        key = http.post(
            f"/api/workspaces/{workspace}/api-keys/", json={"name": "chaos", "role": "admin"}
        )
        assert key.status_code == 201, key.text
        template = http.post(
            "/api/templates/",
            json={
                "workspace": workspace,
                "name": "Chaos post",
                "body": "Write three lines about {{ topic }}.",
                "variables": [{"name": "topic", "type": "string"}],
                "defaults": {"provider": "openai_compatible", "model": MODEL},
            },
        )
        assert template.status_code == 201, template.text
    return Account(key=key.json()["key"], workspace=workspace, template=template.json()["id"])


def manage(stack: Stack, code: str) -> str:
    """Run Python in a Django shell with the stack's environment (settings, database)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=stack.cluster.environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout
