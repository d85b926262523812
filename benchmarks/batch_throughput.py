"""Batch throughput: rows per second one Celery worker process gets through, with a provider that
takes a fixed time to answer.

A fake OpenAI-compatible provider answers on loopback after 200 ms; one `celery worker
--pool=solo` process on RabbitMQ, PostgreSQL and Redis (or, with `--processes N`, one prefork
worker of N processes, the batch split over N runners: `BATCH_RUNNERS`) runs a batch, for each
number of rows in flight asked (`BATCH_CONCURRENCY` times the runners), of `--waves` times that
many rows (or `--rows`), and the figure is its rows per second against the ideal, in-flight /
latency:

    .venv/bin/python benchmarks/batch_throughput.py [--concurrency 16 64 256] [--waves 30] \
        [--rows N] [--latency 0.2] [--runs 1] [--processes 1]

Beside it, the CPU time per row of the worker (all its processes and threads), of the PostgreSQL
backends serving the run's database, and of this process (the fake provider's threads, and the
polling), all from /proc: on two cores, what they add up to bounds the rows per second.

Needs PostgreSQL, Redis and RabbitMQ as `.ci/run` describes them (DATABASE_URL, REDIS_URL and
CELERY_BROKER_URL override). Each run has its own database (`bench_batches_<pid>`), its own
cache keys in Redis database 5 (prefix `bench-batches-<pid>`) and its own queue, all removed at
the end, so that two runs at once, or workers of other test runs on the same broker, do not take
each other's tasks or rows. Results go in `benchmarks/batches.md`.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import timeit_figure  # noqa: E402
from tests.generations.providers.fake_server import (  # noqa: E402
    FakeResponse,
    FakeServer,
    openai_completion,
)

MODEL = "bench-model"
# Per run (process), so that runs at the same time do not share rows, cache keys or tasks.
DATABASE = f"bench_batches_{os.getpid()}"
QUEUE = f"bench-batches-{os.getpid()}"
# The server's database the run's own is created from (and dropped from at the end).
ADMIN_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")


def completion(text: str) -> dict:
    return openai_completion(text, model=MODEL, prompt_tokens=40, completion_tokens=60)


def prepare_environment(server: FakeServer) -> dict[str, str]:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    environment = {
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}",
        "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/5",
        "CACHE_KEY_PREFIX": QUEUE,  # circuits, limits: workspace ids repeat across databases
        "CELERY_BROKER_URL": os.environ.get(
            "CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"
        ),
        "OPENAI_COMPATIBLE_BASE_URL": f"{server.url}/v1",
        "PROVIDER_MAX_RETRIES": "0",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-batches-"),  # the results exports
    }
    os.environ.update(environment)
    return {**os.environ, **environment}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_tree(pid: int) -> float:
    """CPU time of a process and of its children (a prefork worker's pool processes)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return cpu_seconds(pid) + sum(cpu_seconds_tree(int(child)) for child in children)


def database_backends_cpu() -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to the run's database (same host)."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]
        ).fetchall()
    found = {}
    for (pid,) in pids:
        try:
            found[pid] = cpu_seconds(pid)
        except FileNotFoundError:  # ended meanwhile
            continue
    return found


def start_worker(
    environment: dict[str, str], concurrency: int, processes: int
) -> subprocess.Popen[bytes]:
    pool = ["--pool=solo"] if processes == 1 else ["--pool=prefork", f"--concurrency={processes}"]
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "aiagency", "worker", *pool,
            "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--queues={QUEUE}",
            # Its own node name: another worker on the broker named celery@<host> holds that
            # name's control queue exclusively, and this one would stop at once.
            f"--hostname={QUEUE}@%h",
        ],
        cwd=ROOT,
        env={
            **environment,
            "BATCH_CONCURRENCY": str(concurrency // processes),
            "BATCH_RUNNERS": str(processes),
        },
    )  # fmt: skip


def run_once(template, rows: int) -> dict[str, float]:
    from generations.models import Batch
    from generations.services.batches import BatchInput, batch_create

    data = BatchInput(
        template=template,
        rows=[{"topic": f"subject number {n}"} for n in range(rows)],
        provider="openai_compatible",
        model=MODEL,
        cache=False,
    )
    started = time.perf_counter()
    batch, _ = batch_create(user=None, data=data)  # records the rows, then enqueues the task
    created, created_cpu = time.perf_counter(), time.process_time()
    while Batch.objects.filter(pk=batch.pk, status__in=Batch.ACTIVE).exists():
        time.sleep(0.1)
    ended = time.perf_counter()
    batch.refresh_from_db()
    assert batch.status == "succeeded", batch.status
    run = (batch.finished_at - batch.started_at).total_seconds()
    return {
        "create_s": created - started,
        "run_s": run,
        "end_to_end_s": ended - started,
        "rows_per_s": rows / run,
        "created_cpu": created_cpu,  # this process's CPU time once the rows were recorded
    }


def batch_parser(
    doc: str | None, *, rows: int, runs: int, concurrency: list[int]
) -> argparse.ArgumentParser:
    """The options of a benchmark that runs batches (this one, evaluation_overhead.py)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=rows)
    parser.add_argument("--latency", type=float, default=0.2, help="provider seconds per call")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=concurrency, help="BATCH_CONCURRENCY"
    )
    parser.add_argument("--runs", type=int, default=runs)
    return parser


ACCEPTED = [0]  # connections the fake provider accepted


def count_connections(server: FakeServer) -> None:
    """Count in ACCEPTED the connections the provider accepts: a client that keeps fewer alive
    than it has calls in flight opens new ones all the time."""
    accept = server._httpd.process_request

    def counted(request: Any, address: Any) -> None:
        ACCEPTED[0] += 1
        accept(request, address)

    setattr(server._httpd, "process_request", counted)  # noqa: B010 (an instance's method)


@contextmanager
def batch_rig(
    args: argparse.Namespace, answer: str
) -> Iterator[tuple[FakeServer, Any, dict[str, str]]]:
    """What a benchmark that runs batches runs on: the fake provider (answering `answer` after
    `args.latency`), a fresh database with the model's price and a template. Yields the provider,
    the template and the environment a worker needs (`running_worker`), having printed the
    machine; stops the provider at the end."""
    server = FakeServer()
    server.respond(FakeResponse(body=completion(answer), delay=args.latency))
    count_connections(server)
    server.start()
    # The worker sends tasks too (a batch's continuation, an evaluation's scoring): to this queue.
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
    # Production settings, the worker's too, as `docker/entrypoint.sh worker` runs it: with DEBUG
    # on, Django's debug cursor also formats and keeps every statement (3 % of a row's CPU, and
    # it grows the worker's memory). `DJANGO_DEBUG=1` in the environment measures that instead.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-used-anywhere-else")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    environment = prepare_environment(server)
    import django

    django.setup()
    from django.core.management import call_command

    from aiagency.celery import app
    from generations.models import ModelPrice
    from tests.factories import WorkspaceFactory
    from tests.generations.conftest import make_template

    try:
        call_command("migrate", verbosity=0)
        app.conf.task_default_queue = QUEUE
        ModelPrice.objects.create(
            provider="openai_compatible",
            model=MODEL,
            input_price_per_mtok=1,
            output_price_per_mtok=2,
        )
        template = make_template(WorkspaceFactory())
        print(f"python {platform.python_version()}; {platform.platform()}; cpus {os.cpu_count()}")
        print(f"date {time.strftime('%Y-%m-%d %H:%M')}; load average {os.getloadavg()}")
        print(f"timeit baseline: {timeit_figure()}")
        yield server, template, environment
    finally:
        server.stop()
        clean_up()


def clean_up() -> None:
    """Remove what the run made on the shared services: its queue, its cache keys, its
    database (the Django connections to it closed first)."""
    import redis
    from django.conf import settings
    from django.db import connections

    from aiagency.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(QUEUE)
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(f"{QUEUE}:*"):  # the cache's keys are `<prefix>:<version>:<key>`
        client.delete(key)
    connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@contextmanager
def running_worker(
    environment: dict[str, str], concurrency: int, processes: int = 1
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker of `processes` processes taking `concurrency` rows at once between them, yielded
    once it answers; stopped at the end."""
    from aiagency.celery import ping

    worker = start_worker(environment, concurrency, processes)
    try:
        ping.apply_async(queue=QUEUE).get(timeout=300)  # a loaded machine starts it slowly
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def main() -> None:
    parser = batch_parser(__doc__, rows=0, runs=1, concurrency=[16, 64, 256])
    parser.add_argument("--waves", type=int, default=30, help="rows per batch / in flight")
    parser.add_argument(
        "--processes", type=int, default=1, help="worker processes, one runner of the batch each"
    )
    args = parser.parse_args()
    os.environ["BATCH_RUNNERS"] = str(args.processes)  # a task per runner, sent from here
    with batch_rig(args, "A short answer.") as (server, template, environment):
        print(f"provider latency {args.latency * 1000:.0f} ms; worker processes {args.processes}")
        print(
            "| in flight | rows | run | create s | run s | end to end s | rows/s | ideal | "
            "of ideal | CPU ms/row: worker | PostgreSQL | provider | "
            "provider connections opened |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for concurrency in args.concurrency:
            with running_worker(environment, concurrency, args.processes) as worker:
                measure(worker, template, concurrency, args)
        print(f"provider requests: {len(server.requests)}; {resent_calls()}")


def resent_calls() -> str:
    """The rows sent more than once, and why: a call recorded and never answered (its runner
    lost its lease, or its task stopped with an error and a retry took the row over) is marked
    `unknown` and the row sent again."""
    from generations.models import Generation, GenerationAttempt

    rows = Generation.objects.count()
    calls = GenerationAttempt.objects.count()
    lost = GenerationAttempt.objects.filter(status=GenerationAttempt.Status.UNKNOWN).count()
    return f"rows {rows}, calls recorded {calls}, of which lost and sent again {lost}"


def measure(
    worker: subprocess.Popen[bytes], template: Any, concurrency: int, args: argparse.Namespace
) -> None:
    """Batches of `--rows` (else `--waves` x in flight) run by `worker`, printed as rows."""
    rows = args.rows or concurrency * args.waves
    ideal = concurrency / args.latency
    for number in range(1, args.runs + 1):
        before, connections = cpu_seconds_tree(worker.pid), ACCEPTED[0]
        database_before = database_backends_cpu()
        result = run_once(template, rows)
        cpu = (cpu_seconds_tree(worker.pid) - before) * 1000 / rows
        provider = (time.process_time() - result["created_cpu"]) * 1000 / rows
        database_after = database_backends_cpu()
        database = sum(
            spent - database_before.get(pid, 0.0) for pid, spent in database_after.items()
        )
        opened = ACCEPTED[0] - connections
        print(
            f"| {concurrency} | {rows} | {number} | {result['create_s']:.1f} | "
            f"{result['run_s']:.1f} | {result['end_to_end_s']:.1f} | "
            f"**{result['rows_per_s']:.0f}** | {ideal:.0f} | "
            f"{result['rows_per_s'] / ideal:.0%} | {cpu:.1f} | {database * 1000 / rows:.1f} | "
            f"{provider:.1f} | {opened} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
