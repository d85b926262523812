"""A soak at the highest rate this machine holds: closed-loop clients (no pause between
requests) of reads and generations in every mode, for `SOAK_SECONDS` (120 in `make chaos` and
CI, 1,200 in `make soak`). At most one failure per 10,000 requests; each serving process grows
by less than 50 MB after the warm-up."""

from __future__ import annotations

import os
import time

from tests.chaos.load import MixedLoad, rss_mb, server_processes, summary, wait_settled
from tests.chaos.report import record
from tests.chaos.stack import chaos_stack, sign_up

SECONDS = float(os.environ.get("SOAK_SECONDS", 120))
WARM_UP = max(20.0, SECONDS / 6)
CLIENTS = 8
GROWTH_MB = 50


def test_a_soak_at_full_rate_fails_at_most_once_in_10000_and_does_not_grow() -> None:
    with chaos_stack(api_workers=2) as stack:
        account = sign_up(stack.url)
        processes = stack.cluster.processes.items()
        roots = [p.pid for name, p in processes if name.startswith(("api", "worker"))]
        with MixedLoad(stack.url, account, clients=CLIENTS, think=0) as load:
            time.sleep(WARM_UP)  # load phases of fixed length, not waits for a state
            pids = [pid for root in roots for pid in server_processes(root)]
            warm = {pid: rss_mb(pid) for pid in pids}
            time.sleep(SECONDS - WARM_UP)
            end = {pid: rss_mb(pid) for pid in pids}
        samples = load.taken()
        settled = wait_settled(stack.url, account, {s.generation for s in samples if s.generation})

    failed_streams = [s for s in samples if s.kind == "stream" and s.events[-1:] != ("done",)]
    failed_requests = [s for s in samples if s.status == 0 or s.status >= 400]
    failed_generations = [g for g in settled.values() if g["status"] != "succeeded"]
    failures = len(failed_requests) + len(failed_streams) + len(failed_generations)
    growth = {pid: round(end[pid] - warm[pid], 1) for pid in pids}
    figures = summary(samples)
    figures.update(
        seconds=SECONDS,
        requests_per_second=round(len(samples) / SECONDS, 1),
        failures=failures,
        generations=len(settled),
        memory_growth_mb_per_process=sorted(growth.values()),
    )
    record(
        f"Soak, {SECONDS:.0f} s at full rate",
        figures,
        threshold="at most 1 failure per 10,000 requests, memory growth < 50 MB per process "
        "after the warm-up",
    )
    assert failures <= len(samples) // 10_000, (figures, failed_requests[:3], failed_streams[:3])
    assert max(growth.values()) < GROWTH_MB, figures
