"""What every benchmark's results say of where they were taken (the machine and the timeit
calibration, so that figures from a busy shared machine compare by their ratios), and the
services some of them need."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.0f} GB RAM, {platform.system()}"
    )


def results_path(name: str) -> Path:
    """Where a benchmark writes its results file `name`: `benchmarks/`, or the directory
    `BENCH_RESULTS_DIR` names (`make bench` points it at `var/bench/`, so that its short runs
    leave the committed full-size figures as they are)."""
    directory = Path(os.environ.get("BENCH_RESULTS_DIR") or Path(__file__).resolve().parent)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / name


# Where a results file's latest run begins: what stands above it is written by hand and kept.
RESULTS_MARKER = "## Results"


def write_results(path: Path, results: str, *, title: str) -> None:
    """Put `results` (beginning with RESULTS_MARKER) in place of the latest run's in `path`,
    keeping what stands above them (a new file is titled `title`)."""
    kept = path.read_text().split(RESULTS_MARKER)[0] if path.exists() else f"# {title}\n\n"
    path.write_text(kept + results)


def timeit_figure() -> str:
    """`python -m timeit "sum(range(100))"` now: the machine's speed at the time of the run."""
    result = subprocess.run(
        [sys.executable, "-m", "timeit", "sum(range(100))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def parse_with_services(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The arguments, once the environment names the PostgreSQL and Redis the run needs."""
    arguments = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            parser.error(f"set {name} (PostgreSQL and Redis are needed)")
    return arguments


def own_name(name: str) -> str:
    """`name` made this run's own (a database, a queue, a cache key prefix), so that benchmarks
    run at the same time on the same services neither share rows nor drop each other's data."""
    return f"{name}_{os.getpid()}"


def drop_database(server_url: str, name: str) -> None:
    """Drop the run's database `name` on the PostgreSQL server of `server_url`."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_cache_keys(redis_url: str | None, prefix: str) -> None:
    """Delete the run's cache keys (`<prefix>:<version>:<key>`, as django-redis writes them)."""
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
