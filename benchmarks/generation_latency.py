"""Added latency of `POST /api/generations/` over a direct SDK call, and of a cache hit.

A fake OpenAI-compatible provider answers on loopback after a fixed 50 ms; the app runs under
gunicorn on PostgreSQL and Redis as production runs it (gthread workers, see
docker/entrypoint.sh). Sequential requests from one client:

    python benchmarks/generation_latency.py [--requests 300] [--limits]
        [--port 8765] [--database bench_generations]

`--limits` gives the workspace a monthly budget and a daily token quota (never reached), so each
generation also reserves and settles its maximum (see generations/services/quotas.py).

Needs PostgreSQL and Redis as `.ci/run` describes them (DATABASE_URL and REDIS_URL override);
it uses a database of its own, `bench_generations_<pid>` (created, migrated, dropped at the end),
its own cache keys and a free port, so that runs at the same time do not collide.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import (  # noqa: E402
    drop_cache_keys,
    drop_database,
    own_name,
)
from deploy.cluster import free_port  # noqa: E402
from tests.generations.providers.fake_server import (  # noqa: E402
    FakeResponse,
    FakeServer,
    openai_completion,
)
from tests.hardening.live_server import GUNICORN, wait_until_up  # noqa: E402

PROVIDER_LATENCY_MS = 50
# The server the benchmark's databases are made on (DATABASE_URL as the caller gave it).
ADMIN_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
MODEL = "bench-model"
DATABASE = own_name("bench_generations")
PORT = free_port()


def completion(text: str) -> dict:
    return openai_completion(text, model=MODEL, prompt_tokens=40, completion_tokens=60)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(samples, 0.50) * 1000,
        "p99": percentile(samples, 0.99) * 1000,
        "mean": statistics.fmean(samples) * 1000,
    }


def prepare_database(
    server_url: str, *, database: str = DATABASE, limits: bool = False
) -> tuple[dict[str, str], int]:
    admin_url = ADMIN_URL
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database}")
        connection.execute(f"CREATE DATABASE {database}")
    environment = {
        **os.environ,
        "DATABASE_URL": admin_url.rsplit("/", 1)[0] + f"/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "CACHE_KEY_PREFIX": database,  # limits and results: ids repeat across databases
        "OPENAI_COMPATIBLE_BASE_URL": f"{server_url}/v1",
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
        "GENERATIONS_PER_USER_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        # As in production: DEBUG off (with it on, Django also records every SQL query).
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
    }
    environment.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    setup = subprocess.run(
        [*manage, "shell", "-c", SETUP + (LIMITS if limits else "")],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    template_id = int(setup.stdout.split("template", 1)[1].split()[0])
    return environment, template_id


SETUP = f"""
from accounts.services import workspace_create
from accounts.models import User
from generations.models import ModelPrice
from templates_app.models import Template, TemplateVersion
user = User.objects.create_user(email="bench@example.com", password="bench-password-1")
workspace = workspace_create(user=user, name="Bench", slug="bench")
ModelPrice.objects.create(provider="openai_compatible", model="{MODEL}",
                          input_price_per_mtok=1, output_price_per_mtok=2)
template = Template.objects.create(workspace=workspace, name="Bench", slug="bench")
version = TemplateVersion.objects.create(template=template, number=1,
    body="Write about {{{{ topic }}}}.", variables=[{{"name": "topic", "type": "string",
    "required": True, "default": None, "choices": [], "max_length": 200, "description": ""}}])
template.current_version = version
template.save()
print("template", template.pk)
"""

LIMITS = """
workspace.monthly_cost_budget = 1_000_000
workspace.daily_token_quota = 1_000_000_000
workspace.save()
"""


def start_gunicorn(
    environment: dict[str, str],
    port: int = PORT,
    server: Sequence[str] = GUNICORN,
    *,
    cwd: Path = ROOT,
    workers: int = 2,
    python: str = sys.executable,
) -> subprocess.Popen[bytes]:
    """gunicorn with `workers` workers and the arguments `server` (production's by default),
    serving the code in `cwd` (this checkout by default) on `python` (this one by default), once
    it answers."""
    process = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            *server,
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=cwd,
        env=environment,
    )
    wait_until_up(f"http://127.0.0.1:{port}", process)
    return process


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(
    environment: dict[str, str],
    template_id: int,
    fake_url: str,
    count: int,
    port: int = PORT,
    server: Sequence[str] = GUNICORN,
):
    """(direct, miss, hit) samples in seconds, against a gunicorn (with the arguments `server`)
    started for this measure only."""
    process = start_gunicorn(environment, port, server)
    try:
        from openai import OpenAI

        sdk = OpenAI(base_url=f"{fake_url}/v1", api_key="unused", max_retries=0)
        api = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        token = api.post(
            "/api/auth/token/", json={"email": "bench@example.com", "password": "bench-password-1"}
        ).json()["access"]
        api.headers["Authorization"] = f"Bearer {token}"

        def direct() -> None:
            sdk.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "Write about tea."}]
            )

        def generate(topic: str, cache: bool) -> None:
            response = api.post(
                "/api/generations/",
                json={
                    "template": template_id,
                    "variables": {"topic": topic},
                    "provider": "openai_compatible",
                    "model": MODEL,
                    "cache": cache,
                },
            )
            assert response.status_code == 201, response.text
            assert response.json()["status"] == "succeeded", response.text

        for index in range(20):  # warm both paths up
            direct()
            generate(f"warm {index}", cache=False)
        # Alternated, so that a slower spell of the machine weighs on both alike.
        direct_times, miss_times = [], []
        for i in range(count):
            direct_times.append(timed(direct))
            miss_times.append(timed(lambda i=i: generate(f"topic {i}", cache=False)))
        generate("cached topic", cache=True)
        hit_times = [timed(lambda: generate("cached topic", cache=True)) for _ in range(count)]
        return direct_times, miss_times, hit_times
    finally:
        process.terminate()
        process.wait()


def report(direct_times, miss_times, hit_times) -> None:
    direct_s, miss_s, hit_s = summary(direct_times), summary(miss_times), summary(hit_times)
    print(f"\ngunicorn {' '.join(GUNICORN)}, 2 workers")
    print("case                       p50 ms   p99 ms   mean ms")
    for name, stats in [
        ("direct SDK call", direct_s),
        ("API, cache miss", miss_s),
        ("API, cache hit", hit_s),
    ]:
        print(f"{name:<25} {stats['p50']:>7.1f} {stats['p99']:>8.1f} {stats['mean']:>9.1f}")
    print(
        f"overhead (miss - direct):  p50 {miss_s['p50'] - direct_s['p50']:.1f} ms, "
        f"p99 {miss_s['p99'] - direct_s['p99']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--provider-latency-ms",
        type=float,
        default=PROVIDER_LATENCY_MS,
        help="the fake provider's answer time (the targets are for 50; 0 shows the API warm)",
    )
    parser.add_argument("--limits", action="store_true", help="a workspace with a budget and quota")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--database", default=DATABASE)
    arguments = parser.parse_args()
    delay = arguments.provider_latency_ms / 1000

    fake = FakeServer()
    fake.respond(FakeResponse(body=completion("A benchmark answer. " * 10), delay=delay))
    fake.start()
    try:
        environment, template_id = prepare_database(
            fake.url, database=arguments.database, limits=arguments.limits
        )
        print(
            f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
        )
        print(
            f"requests per case: {arguments.requests}, "
            f"provider latency {arguments.provider_latency_ms:.0f} ms, "
            f"workspace limits: {'yes' if arguments.limits else 'none'}"
        )
        report(*measure(environment, template_id, fake.url, arguments.requests, arguments.port))
    finally:
        fake.stop()
        drop_database(ADMIN_URL, arguments.database)
        drop_cache_keys(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"), arguments.database)


if __name__ == "__main__":
    main()
