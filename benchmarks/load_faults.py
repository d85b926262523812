"""Load with faults: latency and status counts per request kind under a 30 % faulty provider.

The scenario of `tests/hardening/load.py` (the test runs it for 8 s and checks invariants only),
run longer: concurrent workers mix list reads, sync and async generations against gunicorn
(2 workers, gthread as in production) on its own PostgreSQL
database and Redis, the provider a loopback fake failing 10 % of calls with 429
(`Retry-After: 0`), 10 % with 500 and 10 % by timing out. Besides each request's latency it
reports the API's own part of a generation's: the request's latency less the run's (the provider
calls, their retries and backoff), as the generation records it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/load_faults.py [--seconds 60] [--workers 8]

Results: `benchmarks/load_faults.md`.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import parse_with_services  # noqa: E402
from tests.hardening import load  # noqa: E402


def api_overheads(result: load.LoadResult, generations: dict[int, dict]) -> dict[str, list[float]]:
    """Per generation kind, ascending: each request's latency less its generation's run."""
    overheads: dict[str, list[float]] = {}
    for sample in result.samples:
        generation = generations.get(sample.generation_id) if sample.generation_id else None
        if generation is not None and generation["latency_ms"] is not None:
            overheads.setdefault(sample.kind, []).append(
                sample.latency_ms - generation["latency_ms"]
            )
    return {kind: sorted(values) for kind, values in overheads.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parse_with_services(parser)

    with load.server_under_faults(seed=arguments.seed, database="bench_load_faults") as (
        server,
        provider,
    ):
        load.run_load(server, workers=2, seconds=3, seed=arguments.seed + 1)  # warm-up
        served_before = sum(provider.served.values())
        result = load.run_load(
            server, workers=arguments.workers, seconds=arguments.seconds, seed=arguments.seed
        )
        provider_calls = sum(provider.served.values()) - served_before
        started = time.monotonic()
        generations = load.settled_generations(server, result.generation_ids(), timeout=120)
        settle_seconds = time.monotonic() - started

    print(
        f"gunicorn gthread; {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs; "
        f"{arguments.workers} workers for {result.seconds:.1f} s: {len(result.samples)} requests "
        f"({len(result.samples) / result.seconds:.1f}/s), {provider_calls} provider calls"
    )
    print(f"provider answers (whole run): {dict(sorted(provider.served.items()))}")
    print()
    print("| kind | requests | statuses | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for row in result.summary():
        statuses = ", ".join(f"{code}: {count}" for code, count in row["statuses"].items())
        print(
            f"| {row['kind']} | {row['requests']} | {statuses} | {row['p50']:.1f} "
            f"| {row['p95']:.1f} | {row['p99']:.1f} | {row['max']:.1f} |"
        )

    print()
    print("API's own part of a generation's latency (the request's less the run's):")
    print("| kind | generations | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, overheads in api_overheads(result, generations).items():
        print(
            f"| {kind} | {len(overheads)} | {load.percentile(overheads, 50):.1f} "
            f"| {load.percentile(overheads, 95):.1f} | {load.percentile(overheads, 99):.1f} "
            f"| {overheads[-1]:.1f} |"
        )

    outcomes: dict[str, int] = {}
    attempts: dict[int, int] = {}
    for generation in generations.values():
        outcomes[generation["status"]] = outcomes.get(generation["status"], 0) + 1
        count = len(generation["attempts"])
        attempts[count] = attempts.get(count, 0) + 1
    print()
    print(f"generations: {len(generations)}, {dict(sorted(outcomes.items()))}")
    print(f"attempts per generation: {dict(sorted(attempts.items()))}")
    print(f"all settled {settle_seconds:.1f} s after the load stopped")
    server_errors = sum(n for code, n in result.statuses().items() if code >= 500 or code == 0)
    pending = [g for g in generations.values() if g["status"] not in load.FINAL_STATUSES]
    return 1 if server_errors or pending else 0


if __name__ == "__main__":
    sys.exit(main())
