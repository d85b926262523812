"""Redis frozen for 60 s (`CLIENT PAUSE`), then killed for 30 s, under 50 concurrent clients of
reads and sync, streamed and async generations.

Redis is the cache and the limiter, not the source of truth: the API must go on without it. The
run asserts no 5xx, p99 under 3 s, every generation ending, each serving process's memory under
1.5 times its warm baseline, and that an API process started while Redis is down serves.
(LiteLLM's published test freezes Redis for 90 s under 50 users: 0 failures, p99 at most 3 s.)
"""

from __future__ import annotations

import os
import threading
import time

import httpx

from deploy.cluster import free_port
from tests.chaos.load import MixedLoad, rss_mb, server_processes, summary, wait_settled
from tests.chaos.report import record
from tests.chaos.stack import Stack, chaos_stack, sign_up
from tests.conftest import wait_until

CLIENTS = 50
WARM_UP = float(os.environ.get("CHAOS_WARM_UP_SECONDS", 15))
FROZEN = float(os.environ.get("CHAOS_REDIS_FROZEN_SECONDS", 60))
DEAD = float(os.environ.get("CHAOS_REDIS_DEAD_SECONDS", 30))
RECOVERY = 15.0
STARTUP = 120.0  # a generous bound on a new process's start: a hang fails, not slowness


class MemoryWatch:
    """Samples the resident memory of the given processes every second; keeps each one's peak."""

    def __init__(self, pids: list[int]) -> None:
        self.baseline = {pid: rss_mb(pid) for pid in pids}
        self.peak = dict(self.baseline)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stopping.wait(1):
            for pid in self.peak:
                try:
                    self.peak[pid] = max(self.peak[pid], rss_mb(pid))
                except FileNotFoundError:
                    self.peak[pid] = float("inf")  # the process died: that fails the run

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._thread.join()

    def worst_ratio(self) -> float:
        return max(self.peak[pid] / self.baseline[pid] for pid in self.peak)


def serving_processes(stack: Stack) -> list[int]:
    processes = stack.cluster.processes.items()
    roots = [process.pid for name, process in processes if name.startswith(("api", "worker"))]
    return [pid for root in roots for pid in server_processes(root)]


def start_api_process(stack: Stack) -> str:
    """One more API process (as a new pod would start), on its own port; its URL."""
    cluster = stack.cluster
    cluster.api_ports.append(free_port())
    index = len(cluster.api_ports) - 1
    cluster.start_api(index)
    return cluster.api_url(index)


def serves(url: str, headers: dict[str, str]) -> bool:
    try:
        return httpx.get(f"{url}/api/templates/", headers=headers, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_api_rides_out_a_frozen_then_dead_redis() -> None:
    with chaos_stack() as stack:
        account = sign_up(stack.url)
        with MixedLoad(stack.url, account, clients=CLIENTS, think=0.5) as load:
            time.sleep(WARM_UP)  # a load phase of fixed length, not a wait for a state
            with MemoryWatch(serving_processes(stack)) as memory:
                stack.redis.freeze(FROZEN)
                time.sleep(FROZEN)
                stack.redis.kill()
                killed_at = time.monotonic()
                new_process = start_api_process(stack)
                # Redis stays down at least DEAD seconds, and until the new process served.
                wait_until(
                    lambda: serves(new_process, account.headers),
                    seconds=STARTUP,
                    what="an API process started while Redis is down did not serve",
                )
                time.sleep(max(0.0, DEAD - (time.monotonic() - killed_at)))
                stack.redis.start()
                time.sleep(RECOVERY)
        samples = load.taken()
        generations = {sample.generation for sample in samples if sample.generation}
        settled = wait_settled(stack.url, account, generations)

    figures = summary(samples)
    streams = [sample for sample in samples if sample.kind == "stream" and sample.status == 200]
    unended_streams = [s for s in streams if not s.events or s.events[-1] not in ("done", "error")]
    statuses = [row["status"] for row in settled.values()]
    figures.update(
        generations=len(settled),
        succeeded=statuses.count("succeeded"),
        failed=statuses.count("failed"),
        streams_without_an_end=len(unended_streams),
        worst_memory_ratio=round(memory.worst_ratio(), 2),
        phases_s={"warm_up": WARM_UP, "frozen": FROZEN, "dead": DEAD, "recovery": RECOVERY},
    )
    record(
        "Redis frozen then killed, 50 clients",
        figures,
        threshold="0 5xx, p99 < 3 s, every generation ends, memory < 1.5x baseline per process, "
        "a process started while Redis is down serves",
    )
    assert figures["server_errors"] == 0, figures
    assert figures["no_answer"] == 0, figures
    assert figures["p99_s"] < 3, figures
    assert not unended_streams, unended_streams[:3]
    assert memory.worst_ratio() < 1.5, (memory.baseline, memory.peak)
