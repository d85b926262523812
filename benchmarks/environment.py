"""What every benchmark's results say of where they were taken (the machine and the timeit
calibration, so that figures from a busy shared machine compare by their ratios), and the
services some of them need."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def git(*arguments: str) -> str:
    """What `git <arguments>` prints in the repository."""
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def head_commit() -> str:
    return git("rev-parse", "--short", "HEAD")


def before_commit(asked: str | None) -> str:
    """The tree a run compares HEAD with: the commit asked for (`--before`), else the merge base
    with `main` (the code before this branch's changes)."""
    return asked or git("merge-base", "HEAD", "main")[:7]


def load_average() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, "a / b / c"."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def run_opening(
    script: str,
    details: str = "",
    *,
    commit: str | None = None,
    before: str | None = None,
    timeit: str | None = None,
) -> list[str]:
    """The lines a run's results open with: when `benchmarks/<script>` ran, at which commit
    (`commit` when the run exported it at its start, else HEAD now) and against `before` if it
    compares two, then `details` of the run; the machine and its load average at the end; and
    the timeit figure (`timeit` when the run took it at its start, else taken now)."""
    against = f", before {before}" if before else ""
    details = f"; {details}" if details else ""
    return [
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `benchmarks/{script}` "
        f"(commit {commit or head_commit()}{against}){details}.",
        "",
        f"- Machine: {machine()}, Python {platform.python_version()}; load average "
        f"{load_average()} at the end (shared with other agents' builds and tests: compare "
        "ratios, and the timeit figure with another run's).",
        f'- `python -m timeit "sum(range(100))"`: {timeit or timeit_figure()}.',
    ]


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
