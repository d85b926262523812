"""The embedded broker `make run` uses when no CELERY_BROKER_URL is set: kombu's filesystem
transport at a few polling intervals, against SQLAlchemy on SQLite (kombu's `sqla+sqlite://`,
measured only when SQLAlchemy can be imported) and, when CELERY_BROKER_URL names one, that broker.

For each, one `celery worker --pool=solo` process runs `aiagency.ping`; results come back through
a file result backend. It reports the round trip of one task at a time (send, run, result read),
the time to run a burst of tasks sent at once, and the idle worker's CPU per second (what polling
costs). Each variant runs in a fresh interpreter, since settings are read once per process.

    python benchmarks/embedded_broker.py [--round-trips 50] [--burst 300] [--idle-seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def variants(folder: Path) -> dict[str, dict[str, str]]:
    found = {
        f"filesystem, polling {interval} s": {"EMBEDDED_BROKER_POLLING_SECONDS": interval}
        for interval in ("1.0", "0.2", "0.1")
    }
    try:
        import sqlalchemy  # noqa: F401
    except ImportError:
        print("SQLAlchemy is not installed: its variant is left out", file=sys.stderr)
    else:
        found["SQLAlchemy on SQLite"] = {
            "CELERY_BROKER_URL": f"sqla+sqlite:///{folder / 'broker.sqlite3'}"
        }
    if os.environ.get("CELERY_BROKER_URL"):
        scheme = os.environ["CELERY_BROKER_URL"].split(":")[0]
        found[f"{scheme} (CELERY_BROKER_URL)"] = {
            "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"]
        }
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def measure(args: argparse.Namespace) -> dict[str, float]:
    """One variant, configured by this process's environment."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings, as before
    from aiagency.celery import ping

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "aiagency", "worker", "--pool=solo", "-l", "ERROR"],
        cwd=ROOT,
    )
    try:
        ping.delay().get(timeout=120)  # the worker is up
        round_trips = []
        for _ in range(args.round_trips):
            started = time.perf_counter()
            ping.delay().get(timeout=60, interval=0.01)
            round_trips.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        for result in [ping.delay() for _ in range(args.burst)]:
            result.get(timeout=300, interval=0.01)
        burst = time.perf_counter() - started
        idle_from = cpu_seconds(worker.pid)
        time.sleep(args.idle_seconds)  # the idle cost is the measurement: nothing to wait for
        idle = (cpu_seconds(worker.pid) - idle_from) / args.idle_seconds
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return {
        "p50": statistics.median(round_trips),
        "p95": statistics.quantiles(round_trips, n=20)[18],
        "burst": burst,
        "idle_cpu_ms": idle * 1000,
    }


def run_variant(overrides: dict[str, str], folder: Path) -> dict[str, float]:
    environment = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    (folder / "results").mkdir(parents=True)
    environment.update(
        EMBEDDED_BROKER_DIR=str(folder / "broker"),
        CELERY_RESULT_BACKEND=f"file://{folder / 'results'}",
        CELERY_TASK_DEFAULT_QUEUE=f"bench-embedded-{os.getpid()}",
        LOG_LEVEL="ERROR",
        **overrides,
    )
    child = subprocess.run(
        [sys.executable, __file__, "--measure", *sys.argv[1:]],
        env=environment,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--round-trips", type=int, default=50)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args)))
        return
    print(f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    print(f"load average before: {' / '.join(f'{load:.2f}' for load in os.getloadavg())}\n")
    print(
        f"| broker | round trip p50 ms | p95 ms | {args.burst} tasks at once s "
        "| idle worker CPU ms/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as temporary:
        for index, (name, overrides) in enumerate(variants(Path(temporary)).items()):
            figures = run_variant(overrides, Path(temporary) / str(index))
            print(
                f"| {name} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                f"{figures['burst']:.2f} | {figures['idle_cpu_ms']:.1f} |",
                flush=True,
            )
    print(f"\nload average after: {' / '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
