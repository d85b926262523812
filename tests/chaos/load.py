"""Clients for the chaos runs: a mixed load of reads and generations in every mode, each
request's outcome recorded; and what the runs watch besides answers (generations settling,
processes' memory)."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.chaos.stack import Account
from tests.hardening.load import percentile

KINDS = ("read_templates", "read_generations", "sync", "stream", "async")
FINAL = {"succeeded", "failed", "cancelled"}


@dataclass(frozen=True)
class Sample:
    kind: str
    status: int  # 0: no HTTP answer (a transport error)
    seconds: float
    sent_at: float  # time.monotonic() when sent
    generation: int | None = None
    events: tuple[str, ...] = ()  # a stream's SSE event names
    error: str = ""


def _stream(http: httpx.Client, account: Account) -> tuple[int, int | None, tuple[str, ...]]:
    events: list[str] = []
    generation = None
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    with http.stream(
        "POST", "/api/generations/stream/", json=account.generation("stream"), headers=headers
    ) as response:
        if response.status_code != 200:
            response.read()
            return response.status_code, None, ()
        name = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
                events.append(name)
            elif line.startswith("data: ") and name == "start":
                generation = json.loads(line.removeprefix("data: "))["id"]
        return 200, generation, tuple(events)


def one_request(http: httpx.Client, account: Account, kind: str) -> Sample:
    sent_at = time.monotonic()
    generation = None
    events: tuple[str, ...] = ()
    error = ""
    try:
        if kind == "read_templates":
            status = http.get("/api/templates/").status_code
        elif kind == "read_generations":
            status = http.get("/api/generations/", params={"page_size": 20}).status_code
        elif kind == "stream":
            status, generation, events = _stream(http, account)
        else:
            response = http.post(
                "/api/generations/",
                json=account.generation(kind),
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            status = response.status_code
            if status in (201, 202):
                generation = response.json()["id"]
            elif status >= 400:
                error = response.text[:300]
    except httpx.HTTPError as exc:
        status, error = 0, repr(exc)
    return Sample(kind, status, time.monotonic() - sent_at, sent_at, generation, events, error)


@dataclass
class MixedLoad:
    """`clients` threads, each on its own keep-alive connection, sending requests of kinds drawn
    at random (seeded) with `think` seconds between them, until `stop()`."""

    url: str
    account: Account
    clients: int = 50
    think: float = 0.5
    kinds: tuple[str, ...] = KINDS
    seed: int = 0
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._client, args=(index,), daemon=True)
            for index in range(self.clients)
        ]

    def _client(self, index: int) -> None:
        draw = random.Random(self.seed * 10_000 + index)
        with httpx.Client(base_url=self.url, headers=self.account.headers, timeout=60) as http:
            while not self._stopping.is_set():
                sample = one_request(http, self.account, draw.choice(self.kinds))
                with self._lock:
                    self.samples.append(sample)
                if self.think:
                    self._stopping.wait(draw.uniform(0, 2 * self.think))

    def __enter__(self) -> MixedLoad:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def taken(self) -> list[Sample]:
        with self._lock:
            return list(self.samples)


def summary(samples: Iterable[Sample]) -> dict[str, Any]:
    samples = list(samples)
    latencies = sorted(sample.seconds for sample in samples)
    return {
        "requests": len(samples),
        "statuses": dict(sorted(Counter(sample.status for sample in samples).items())),
        "server_errors": sum(1 for sample in samples if sample.status >= 500),
        "no_answer": sum(1 for sample in samples if sample.status == 0),
        "p50_s": round(percentile(latencies, 50), 3) if latencies else None,
        "p99_s": round(percentile(latencies, 99), 3) if latencies else None,
        "max_s": round(latencies[-1], 3) if latencies else None,
    }


def generations_of(url: str, account: Account) -> dict[int, dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    next_url: str | None = "/api/generations/?page_size=100"
    with httpx.Client(base_url=url, headers=account.headers, timeout=60) as http:
        while next_url:
            response = http.get(next_url)
            response.raise_for_status()
            page = response.json()
            seen.update({row["id"]: row for row in page["results"]})
            next_url = page["next"]
    return seen


def wait_settled(
    url: str, account: Account, ids: Iterable[int], *, timeout: float = 120
) -> dict[int, dict[str, Any]]:
    """Wait until every generation of `ids` has ended; return them as the API shows them."""
    wanted = set(ids)
    deadline = time.monotonic() + timeout
    while True:
        seen = generations_of(url, account)
        pending = {i for i in wanted if seen.get(i, {}).get("status") not in FINAL}
        if not pending:
            return {i: seen[i] for i in wanted}
        if time.monotonic() > deadline:
            states = Counter(seen.get(i, {}).get("status", "missing") for i in pending)
            raise AssertionError(f"{len(pending)} generations never ended: {dict(states)}")
        time.sleep(1)


# --- memory ---------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def server_processes(root: int) -> list[int]:
    """A gunicorn master's workers (the processes that serve), or a Celery worker's pool."""
    return _children(root) or [root]
