"""Load with faults: concurrent reads, sync and async generations against a faulty fake provider.

Plain Python (threads and httpx), shared by `test_load_with_faults.py` (short, invariants only)
and `benchmarks/load_faults.py` (longer, latency figures). The server is the hardening harness
(`live_server.live_server`: gunicorn with 2 workers as in production, its own PostgreSQL database,
Redis, Celery eager, so an async generation runs in the web process once its row is committed);
the provider is a `FakeServer` on loopback that answers each call at random (seeded):

- 10 % `429` with `Retry-After: 0` (retried at once, after the jittered backoff);
- 10 % `500`;
- 10 % a timeout: the answer comes after `TIMEOUT_DELAY` s, longer than the server's
  `OPENAI_COMPATIBLE_TIMEOUT`;
- otherwise a completion after `LATENCY` s.

The circuit breaker is set out of reach (`CIRCUIT_FAILURE_THRESHOLD`): at 30 % random faults a
run of five failures in a row happens every few hundred calls, and an open circuit would fail
every generation for `CIRCUIT_COOLDOWN_SECONDS`, turning the run into a test of the breaker
(tested on its own in `tests/generations/`). Here every failed generation is one whose three
attempts (`PROVIDER_MAX_RETRIES=2`) all met a fault: about 0.3³ ≈ 3 % of them.
"""

from __future__ import annotations

import math
import random
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.generations.providers.fake_server import FakeResponse, FakeServer, openai_completion
from tests.hardening import live_server as harness

MODEL = "llama-test"  # as tests/integration/conftest.py
PROVIDER_TIMEOUT = 0.5
TIMEOUT_DELAY = 1.0
LATENCY = 0.05
FAULT_RATE = {"rate_limited": 0.1, "server_error": 0.1, "timeout": 0.1}

KINDS = ("list_generations", "list_templates", "sync_generation", "async_generation")
# Half reads, half generations.
KIND_WEIGHTS = (25, 25, 25, 25)
FINAL_STATUSES = {"succeeded", "failed"}
PENDING_STATUSES = {"queued", "running"}

SERVER_ENVIRONMENT = {
    "OPENAI_COMPATIBLE_API_KEY": "sk-load-test",
    "OPENAI_COMPATIBLE_TIMEOUT": str(PROVIDER_TIMEOUT),
    "PROVIDER_MAX_RETRIES": "2",
    "PROVIDER_BACKOFF_BASE_SECONDS": "0.05",
    "PROVIDER_BACKOFF_MAX_SECONDS": "0.2",
    "CIRCUIT_FAILURE_THRESHOLD": "1000000",
}


def completion(text: str) -> dict[str, Any]:
    return openai_completion(text, model=MODEL)


class FaultyProvider:
    """Picks each answer of a `FakeServer` at random, seeded, and counts what it served."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self.served: Counter[str] = Counter()

    def __call__(self) -> FakeResponse:  # FakeServer calls it under its lock
        draw = self._random.random()
        if draw < FAULT_RATE["rate_limited"]:
            kind, answer = (
                "rate_limited",
                FakeResponse(
                    429, {"error": {"message": "slow down"}}, headers={"Retry-After": "0"}
                ),
            )
        elif draw < FAULT_RATE["rate_limited"] + FAULT_RATE["server_error"]:
            kind, answer = "server_error", FakeResponse(500, {"error": {"message": "boom"}})
        elif draw < sum(FAULT_RATE.values()):
            kind, answer = "timeout", FakeResponse(200, completion("late"), delay=TIMEOUT_DELAY)
        else:
            kind, answer = "ok", FakeResponse(200, completion("fine"), delay=LATENCY)
        self.served[kind] += 1
        return answer


@contextmanager
def faulty_provider(seed: int = 0) -> Iterator[tuple[FakeServer, FaultyProvider]]:
    fake = FakeServer()
    chooser = FaultyProvider(seed)
    fake.respond_with(chooser)
    fake.start()
    try:
        yield fake, chooser
    finally:
        fake.stop()


@contextmanager
def server_under_faults(
    seed: int = 0, database: str = "load_faults_test"
) -> Iterator[tuple[harness.LiveServer, FaultyProvider]]:
    """The hardening harness's server, pointed at a faulty provider, in its own database."""
    with faulty_provider(seed) as (fake, chooser):
        environment = {**SERVER_ENVIRONMENT, "OPENAI_COMPATIBLE_BASE_URL": f"{fake.url}/v1"}
        with harness.live_server(database, **environment) as running:
            yield running, chooser


@dataclass(frozen=True)
class Sample:
    kind: str
    status: int  # 0: no HTTP answer (transport error)
    latency_ms: float
    generation_id: int | None = None
    error: str = ""


@dataclass
class LoadResult:
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0

    def by_kind(self) -> dict[str, list[Sample]]:
        grouped: dict[str, list[Sample]] = defaultdict(list)
        for sample in self.samples:
            grouped[sample.kind].append(sample)
        return grouped

    def statuses(self) -> Counter[int]:
        return Counter(sample.status for sample in self.samples)

    def generation_ids(self) -> list[int]:
        return [s.generation_id for s in self.samples if s.generation_id is not None]

    def summary(self) -> list[dict[str, Any]]:
        rows = []
        for kind in KINDS:
            samples = self.by_kind().get(kind, [])
            latencies = sorted(s.latency_ms for s in samples)
            rows.append(
                {
                    "kind": kind,
                    "requests": len(samples),
                    "statuses": dict(sorted(Counter(s.status for s in samples).items())),
                    "p50": percentile(latencies, 50),
                    "p95": percentile(latencies, 95),
                    "p99": percentile(latencies, 99),
                    "max": latencies[-1] if latencies else math.nan,
                }
            )
        return rows


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def client(server: harness.LiveServer, api_key: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=server.url,
        headers={"Authorization": f"Api-Key {api_key or server.api_key}"},
        timeout=30,
    )


def _one_request(http: httpx.Client, server: harness.LiveServer, kind: str) -> Sample:
    started = time.perf_counter()
    try:
        if kind == "list_generations":
            response = http.get("/api/generations/", params={"page_size": 20})
        elif kind == "list_templates":
            response = http.get("/api/templates/")
        else:
            response = http.post(
                "/api/generations/",
                json={
                    "template": server.template_id,
                    "variables": {"topic": "load"},
                    "provider": "openai_compatible",
                    "model": MODEL,
                    "mode": "sync" if kind == "sync_generation" else "async",
                    "cache": False,
                },
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
    except httpx.HTTPError as error:
        elapsed = (time.perf_counter() - started) * 1000
        return Sample(kind, 0, elapsed, error=repr(error))
    elapsed = (time.perf_counter() - started) * 1000
    generation_id = None
    if kind.endswith("_generation") and response.status_code in (201, 202):
        generation_id = response.json()["id"]
    error = "" if response.status_code < 400 else response.text[:500]
    return Sample(kind, response.status_code, elapsed, generation_id, error)


def run_load(
    server: harness.LiveServer,
    *,
    workers: int = 8,
    seconds: float = 10.0,
    max_requests: int | None = None,
    seed: int = 0,
) -> LoadResult:
    """`workers` threads, each on its own keep-alive connection, send requests of a kind drawn
    at random (seeded per worker) until `seconds` have passed or `max_requests` were sent."""
    result = LoadResult()
    lock = threading.Lock()
    sent = 0
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        nonlocal sent
        draw = random.Random(seed * 1000 + index)
        with client(server) as http:
            while time.monotonic() < deadline:
                with lock:
                    if max_requests is not None and sent >= max_requests:
                        return
                    sent += 1
                kind = draw.choices(KINDS, weights=KIND_WEIGHTS)[0]
                sample = _one_request(http, server, kind)
                with lock:
                    result.samples.append(sample)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def settled_generations(
    server: harness.LiveServer, ids: list[int], *, timeout: float = 30.0
) -> dict[int, dict[str, Any]]:
    """Wait (bounded) until none of `ids` is queued or running; return each one as the API
    shows it. Raises `TimeoutError` naming those still pending."""
    wanted = set(ids)
    deadline = time.monotonic() + timeout
    with client(server) as http:
        while True:
            seen = _all_generations(http)
            pending = {i for i in wanted if seen.get(i, {}).get("status") in PENDING_STATUSES}
            missing = wanted - seen.keys()
            if not pending and not missing:
                return {i: seen[i] for i in wanted}
            if time.monotonic() > deadline:
                raise TimeoutError(f"still pending: {sorted(pending)}; missing: {sorted(missing)}")
            time.sleep(0.5)


def _all_generations(http: httpx.Client) -> dict[int, dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    url: str | None = "/api/generations/?page_size=100"
    while url:
        response = http.get(url)
        response.raise_for_status()
        page = response.json()
        for row in page["results"]:
            seen[row["id"]] = row
        url = page.get("next")
    return seen


def wait_for_a_fresh_window(margin: float = 10.0, window: int = 60) -> None:
    """Sleep past the next rate-limit window boundary when fewer than `margin` s are left in
    this one, so that a burst started now is counted in a single fixed window."""
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.2)


def burst(
    server: harness.LiveServer, api_key: str, count: int, path: str = "/api/templates/"
) -> tuple[list[httpx.Response], int, int]:
    """`count` concurrent GETs with one key; the responses and the window index (by the wall
    clock, as the server counts) at the first send and after the last answer."""
    responses: list[httpx.Response] = []
    lock = threading.Lock()
    gate = threading.Barrier(count)

    def one() -> None:
        with client(server, api_key) as http:
            gate.wait()
            response = http.get(path)
        with lock:
            responses.append(response)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    first_window = int(time.time() // 60)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses, first_window, int(time.time() // 60)
