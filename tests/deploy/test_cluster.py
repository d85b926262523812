"""The local cluster (deploy/cluster.py) under load, losing an API process and a worker.

nginx balances two API processes (gunicorn with gthread workers); two Celery workers and beat run
generations against an OpenAI-compatible provider faked on loopback. Clients create async
generations and read through nginx; midway one API process and one worker are SIGKILLed with
their whole process group. Then every generation the API accepted must end succeeded or failed
(none lost: the beat sweep requeues what a dead process left queued or running, and a redelivered
message is taken over), and the load balancer must have answered every request.

"Accepted" is well defined because every POST carries an Idempotency-Key: nginx retries a request
on the other API process only while it has not been sent (a POST already sent gets a 502, since
nginx never resends a non-idempotent request), and the client then retries the POST with the same
key, which the API answers with the generation it created the first time, if it did.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from deploy.cluster import Cluster, ClusterConfig
from tests.conftest import requires_env
from tests.deploy.fake_openai import MODEL, FakeOpenAI, running
from tests.hardening.live_server import run_database_name

pytestmark = [
    pytest.mark.integration,
    requires_env("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"),
]

GENERATIONS = 40
READS_PER_GENERATION = 2
CLIENT_THREADS = 4
RETRYABLE = {502, 503, 504}


def redis_db(url: str, db: int) -> str:
    """Its own Redis database: other tests' `cache.clear()` flushes theirs whole."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


@pytest.fixture(autouse=True)
def _quiet_httpx() -> Iterator[None]:
    # httpx logs every request at INFO: hundreds of lines here.
    logger = logging.getLogger("httpx")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOpenAI]:
    with running(delay=0.4) as server:
        yield server


@pytest.fixture(scope="module")
def cluster(provider: FakeOpenAI) -> Iterator[Cluster]:
    config = ClusterConfig.from_environment(
        database=run_database_name("cluster_test"),
        api_workers=1,
        worker_concurrency=2,
        queue=f"aiagency-cluster-{uuid.uuid4().hex[:8]}",
        environment={
            "OPENAI_COMPATIBLE_BASE_URL": provider.base_url,
            "PROVIDER_MAX_RETRIES": "0",
            "CIRCUIT_FAILURE_THRESHOLD": "1000",
            # Dead processes' work comes back quickly: the sweep runs every 2 s and requeues
            # what has been queued or running for 15 s (over the 10 s task limit). A worker
            # process's first task starts its render worker, a Python process of its own: on a
            # machine loaded by other test runs, 5 s stopped several first tasks at the limit.
            "GENERATION_TASK_TIME_LIMIT_SECONDS": "10",
            "GENERATION_STALE_AFTER_SECONDS": "15",
            "GENERATION_SWEEP_INTERVAL_SECONDS": "2",
            "API_RATE_LIMIT_PER_MINUTE": "100000",
            "API_RATE_LIMIT_ANON_PER_MINUTE": "100000",
            "GENERATIONS_PER_USER_PER_MINUTE": "100000",
            "LOG_LEVEL": "WARNING",
        },
    )
    config.redis_url = redis_db(config.redis_url, 9)
    with Cluster(config) as running_cluster:
        yield running_cluster


@dataclass
class Client:
    """Talks to the load balancer; retries what nginx could not place (502/503/504) and counts
    everything, connection errors apart: there must be none."""

    base_url: str
    token: str = ""
    statuses: Counter[int] = field(default_factory=Counter)
    retries: int = 0
    connection_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=30)

    def request(
        self, method: str, path: str, *, key: str | None = None, attempts: int = 8, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if key:
            headers["Idempotency-Key"] = key
        for _ in range(attempts):
            try:
                response = self.http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as error:
                with self.lock:
                    self.connection_errors.append(f"{method} {path}: {error!r}")
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses[response.status_code] += 1
            if response.status_code not in RETRYABLE:
                return response
            with self.lock:
                self.retries += 1
            time.sleep(0.2)
        raise AssertionError(f"{method} {path}: no answer after {attempts} attempts")


def sign_in(client: Client) -> int:
    """Register a user (who gets a workspace of their own) and return that workspace's id."""
    email = f"load-{uuid.uuid4().hex[:8]}@example.com"
    password = "cluster-pass-1234"
    response = client.request(
        "POST", "/api/auth/register/", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    response = client.request(
        "POST", "/api/auth/token/", json={"email": email, "password": password}
    )
    assert response.status_code == 200, response.text
    client.token = response.json()["access"]
    me = client.request("GET", "/api/me/").json()
    return me["memberships"][0]["workspace"]["id"]


def create_template(client: Client, workspace: int) -> int:
    response = client.request(
        "POST",
        "/api/templates/",
        key=uuid.uuid4().hex,
        json={
            "workspace": workspace,
            "name": "Cluster post",
            "body": "Write about {{ topic }}",
            "variables": [{"name": "topic", "type": "string"}],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def generation_body(template: int, topic: str, mode: str = "async") -> dict[str, Any]:
    return {
        "template": template,
        "variables": {"topic": topic},
        "provider": "openai_compatible",
        "model": MODEL,
        "mode": mode,
        "cache": False,
    }


def settled_statuses(client: Client, ids: list[int], cluster: Cluster) -> dict[int, str]:
    """Each generation's status once every one has succeeded or failed (90 s at the most)."""
    deadline = time.monotonic() + 90
    while True:
        statuses = {
            gid: client.request("GET", f"/api/generations/{gid}/").json()["status"] for gid in ids
        }
        if all(status in {"succeeded", "failed"} for status in statuses.values()):
            return statuses
        assert time.monotonic() < deadline, (
            f"not finished: {Counter(statuses.values())}\n"
            f"{cluster.log_tail('worker-2')}\n{cluster.log_tail('beat')}"
        )
        time.sleep(1)


def stream_events(client: Client, template: int) -> list[tuple[str, float]]:
    """POST /api/generations/stream/ through nginx: each event's name and arrival time."""
    events: list[tuple[str, float]] = []
    body = generation_body(template, "streams", mode="stream")
    body.pop("mode")
    headers = {"Authorization": f"Bearer {client.token}", "Idempotency-Key": uuid.uuid4().hex}
    for _ in range(5):
        started = time.monotonic()
        with client.http.stream(
            "POST", "/api/generations/stream/", json=body, headers=headers
        ) as response:
            if response.status_code in RETRYABLE:
                time.sleep(0.2)
                continue
            assert response.status_code == 200, response.read()
            for line in response.iter_lines():
                if line.startswith("event: "):
                    events.append((line.removeprefix("event: "), time.monotonic() - started))
            return events
    raise AssertionError("the stream never started")


def test_the_cluster_keeps_every_generation_through_a_crash(
    cluster: Cluster, provider: FakeOpenAI
) -> None:
    client = Client(cluster.url)
    workspace = sign_in(client)
    template = create_template(client, workspace)
    accepted: dict[str, int] = {}  # Idempotency-Key -> generation id
    done = threading.Semaphore(0)

    def generate(index: int) -> None:
        key = uuid.uuid4().hex
        response = client.request(
            "POST", "/api/generations/", key=key, json=generation_body(template, f"tea {index}")
        )
        assert response.status_code == 202, response.text
        generation_id = response.json()["id"]
        with client.lock:
            accepted[key] = generation_id
        for _ in range(READS_PER_GENERATION):
            assert client.request("GET", f"/api/generations/{generation_id}/").status_code == 200
            assert client.request("GET", "/api/generations/", params={"page": 1}).status_code == 200
        assert client.request("GET", f"/api/templates/{template}/").status_code == 200
        done.release()
        time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        futures = [pool.submit(generate, index) for index in range(GENERATIONS)]
        # Midway, with generations in flight on both workers and requests on both APIs.
        for _ in range(GENERATIONS // 3):
            assert done.acquire(timeout=60), "the load stalled before the crash"
        # The worker dies in the middle of a task, so that its message must be redelivered.
        deadline = time.monotonic() + 20
        while not cluster.active_tasks(0):
            assert time.monotonic() < deadline, "worker-1 never ran a task"
        cluster.kill("api-1", signal.SIGKILL)
        cluster.kill("worker-1", signal.SIGKILL)
        killed_at = time.monotonic()
        for future in futures:
            future.result(timeout=120)

    # Streaming works, through nginx, after the crash: events arrive as they are
    # produced (the provider takes 0.4 s per chunk), not all at the end.
    events = stream_events(client, template)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "done", names
    first_delta = next(at for name, at in events if name == "delta")
    assert events[-1][1] - first_delta > 1.0, events

    # Every accepted generation ends, succeeded or failed; none stays queued or running.
    ids = sorted(set(accepted.values()))
    assert len(ids) == GENERATIONS, "an Idempotency-Key retry created a second generation"
    statuses = settled_statuses(client, ids, cluster)
    outcome = Counter(statuses.values())
    print(
        f"\ncluster: {GENERATIONS} accepted -> {dict(outcome)}; answers {dict(client.statuses)}, "
        f"{client.retries} client retries, {provider.calls} provider calls; all settled "
        f"{time.monotonic() - killed_at:.1f}s after the kill"
    )
    # The provider never fails, so in practice all succeed; a failure would still be accounted for.
    failed = [gid for gid, status in statuses.items() if status == "failed"]
    errors = [client.request("GET", f"/api/generations/{gid}/").json()["error"] for gid in failed]
    assert outcome["succeeded"] >= GENERATIONS - 2, (outcome, errors)
    # The load balancer kept answering: never a refused or reset connection, and every request
    # ended with a real answer (retries of 502s, which only a sent POST can get, aside). The one
    # exception is physics: an answer the killed process was writing at that instant (headers
    # sent, body not) is cut, and nginx cannot take back what it passed on; at most one per
    # client thread, each retried by the client.
    cut = [error for error in client.connection_errors if "complete message body" in error]
    assert client.connection_errors == cut, client.connection_errors
    assert len(cut) <= CLIENT_THREADS, cut
    assert client.statuses[500] == 0
    # The survivors carry on alone; the killed ones are gone.
    assert cluster.processes["api-1"].poll() is not None
    assert cluster.processes["worker-1"].poll() is not None
    assert cluster.processes["api-2"].poll() is None
    assert cluster.processes["worker-2"].poll() is None
    assert cluster.processes["nginx"].poll() is None


def test_the_live_processes_export_what_the_alerts_and_the_dashboard_read(
    cluster: Cluster,
) -> None:
    # The cluster is the module's, so the crash test may or may not have run first: this test
    # makes its own requests to api-2 (which survives the crash) and its own generation, run by
    # whichever worker is alive. The API's /metrics asks for the token, and with it shows
    # request metrics and the queue gauges; the workers' ports show the generations they ran.
    # tests/deploy/test_deploy_files.py checks every name the rules use.
    client = Client(cluster.api_url(1))
    template = create_template(client, sign_in(client))
    response = client.request(
        "POST", "/api/generations/", key=uuid.uuid4().hex, json=generation_body(template, "gauges")
    )
    assert response.status_code == 202, response.text
    generation = response.json()["id"]
    assert settled_statuses(client, [generation], cluster) == {generation: "succeeded"}

    api = f"{cluster.api_url(1)}/metrics"
    assert httpx.get(api, timeout=10).status_code == 403
    token = {"Authorization": f"Bearer {cluster.config.metrics_token}"}
    api_metrics = httpx.get(api, headers=token, timeout=10).text
    live_workers = [
        index
        for index in range(cluster.config.worker_processes)
        if cluster.processes[f"worker-{index + 1}"].poll() is None
    ]
    worker_metrics = "".join(
        httpx.get(cluster.worker_metrics_url(index), timeout=10).text for index in live_workers
    )
    for name in (
        "django_http_responses_total_by_status_total",
        "django_http_requests_latency_seconds_by_view_method_bucket",
        "generation_queue_depth",
        "generation_queue_oldest_age_seconds",
        "provider_circuit_open",
    ):
        assert f"\n{name}" in api_metrics, name
    assert "generation_queue_depth 0.0" in api_metrics
    assert 'generations_total{provider="openai_compatible",status="succeeded"}' in worker_metrics
