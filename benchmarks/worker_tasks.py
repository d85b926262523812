"""Tasks through a prefork Celery worker, as production runs them: what each task costs in
database connections and in time, HEAD against `--before`.

Starts a `celery worker` of 2 pool processes (`docker/entrypoint.sh worker`'s prefork pool) from
HEAD and from `--before` (the merge base with `main` by default; both exported with
`git archive`, as `peers.py` does), in turn, on PostgreSQL, Redis and RabbitMQ with DEBUG off.
Each trial starts a worker afresh, waits for it to answer, sends a few tasks so that both
processes have opened their database pools, then sends `--tasks` tasks one after the other, each
reading the database once (the generations' periodic sweep, with nothing to sweep), and reads the
sessions PostgreSQL opened meanwhile (`pg_stat_database`) and each task's round trip from the
client (sent, run, result back through Redis).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
    CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// \\
        .venv/bin/python benchmarks/worker_tasks.py [--before <commit>] [--trials 4] [--tasks 100]

Writes its results under "## Results" in `benchmarks/worker_tasks.md` (or `BENCH_RESULTS_DIR`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import (  # noqa: E402
    RESULTS_MARKER,
    before_commit,
    drop_database,
    head_commit,
    own_name,
    parse_with_services,
    results_path,
    run_opening,
    write_results,
)
from benchmarks.generation_latency import ADMIN_URL, prepare_database  # noqa: E402
from benchmarks.peers import exported_tree  # noqa: E402

RESULTS = results_path("worker_tasks.md")
PROCESSES = 2
TASK = "generations.requeue_stale_generations"


def sessions_opened(database: str) -> int:
    """Sessions PostgreSQL has opened on `database`, once its counters are published (about
    once a second)."""
    time.sleep(1.5)
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", [database]
        ).fetchone()
    return row[0] if row else 0


def start_worker(tree: Path, environment: dict[str, str], queue: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "aiagency", "worker",
         f"--concurrency={PROCESSES}", "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", f"--hostname={queue}@%h", "--queues", queue],
        cwd=tree,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def one_trial(
    tree: Path, environment: dict[str, str], database: str, tasks: int, queue: str
) -> tuple[int, list[float]]:
    """Sessions opened during `tasks` tasks, and each task's seconds. `queue` is the trial's
    own: a queue deleted and declared again is not declared again by the sending client, which
    remembers it declared, so its first messages would go nowhere until the new worker had."""
    from aiagency.celery import app

    worker = start_worker(tree, environment, queue)
    try:

        def run_one() -> float:
            began = time.perf_counter()
            app.send_task(TASK, queue=queue, ignore_result=False).get(timeout=120)
            return time.perf_counter() - began

        app.send_task("aiagency.ping", queue=queue).get(timeout=300)
        for _ in range(4 * PROCESSES):
            run_one()
        before = sessions_opened(database)
        times = [run_one() for _ in range(tasks)]
        return sessions_opened(database) - before, times
    finally:
        worker.terminate()
        worker.wait()
        with app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="", help="commit of `before` (the merge base)")
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=100)
    arguments = parse_with_services(parser)
    arguments.commit = head_commit()
    arguments.before = before_commit(arguments.before)
    trees = {
        "HEAD": exported_tree(arguments.commit),
        "before": exported_tree(arguments.before),
    }
    database = own_name("bench_worker_tasks")
    rows: list[tuple[str, int, int, list[float]]] = []
    try:
        environment, _ = prepare_database("http://127.0.0.1:9", database=database)
        environment["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"]
        os.environ.update(environment)  # this process sends the tasks and reads their results
        for trial in range(arguments.trials):
            for name in trees if trial % 2 == 0 else reversed(trees):
                queue = own_name(f"bench-worker-tasks-{name}-{trial}")
                opened, times = one_trial(
                    trees[name], environment, database, arguments.tasks, queue
                )
                rows.append((name, trial, opened, times))
                print(f"{name} trial {trial}: {opened} sessions opened", flush=True)
    finally:
        drop_database(ADMIN_URL, database)
    write_results(RESULTS, report(rows, arguments), title="Worker tasks")


def report(rows: list[tuple[str, int, int, list[float]]], arguments: argparse.Namespace) -> str:
    lines = [
        f"{RESULTS_MARKER}\n",
        *run_opening(
            "worker_tasks.py",
            f"{arguments.trials} trials each of {arguments.tasks} tasks, a worker of "
            f"{PROCESSES} pool processes",
            commit=arguments.commit,
            before=arguments.before,
        ),
        "",
        "| tree | trial | sessions opened | per task | task round trip, median (ms) | p95 (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, trial, opened, times in rows:
        p95 = statistics.quantiles(times, n=20)[-1]
        lines.append(
            f"| {name} | {trial} | {opened} | {opened / len(times):.2f} "
            f"| {statistics.median(times) * 1000:.1f} | {p95 * 1000:.1f} |"
        )
    medians = {
        name: statistics.median(
            statistics.median(times) for tree, _, _, times in rows if tree == name
        )
        for name in ("HEAD", "before")
    }
    lines.append(
        f"\nTask round trip, median of the trials' medians: HEAD {medians['HEAD'] * 1000:.1f} ms, "
        f"before {medians['before'] * 1000:.1f} ms (HEAD / before "
        f"{medians['HEAD'] / medians['before']:.2f})."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
