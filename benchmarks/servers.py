"""ASGI (gunicorn + uvicorn workers) against WSGI (gunicorn gthread): which server production
runs (`docker/entrypoint.sh api`; gthread since this comparison, see `benchmarks/servers.md`).

The ASGI side is the handler production ran until then, `aiagency/asgi.py` as of commit
`ASGI_COMMIT` (it overrode Django's handler to stream and to skip its thread hops), read from git
into a temporary module and served against the current code.

Two loads, each against a gunicorn of 2 workers on PostgreSQL and Redis (own database,
`bench_servers_<pid>`, dropped at the end; a free port), with production settings, the provider
a loopback fake:

- sync generations: `benchmarks/generation_latency.py`'s sequential client (a direct SDK call
  and `POST /api/generations/` alternating, the provider answering after 50 ms); the figure is
  the API's overhead p50 (the request less the direct call), and the cache hit's p50;
- 200 concurrent SSE streams: 200 clients at once `POST /api/generations/stream/`, the provider
  streaming 20 deltas 50 ms apart; figures are each stream's time to its first delta and to its
  `done` event (p50, p99), the time until all 200 have ended, and the streams that failed.

Rounds interleave the servers (ABBA...), a server started afresh for each load, so that a slower
spell of the shared machine weighs on both; the ratios ASGI / WSGI are per round, and the spread
of one server's figure across rounds is the noise they are judged against.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/servers.py [--rounds 4] [--requests 100] [--streams 200]

Writes its results under "## Results" in `benchmarks/servers.md`, keeping what is above it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import (  # noqa: E402
    RESULTS_MARKER,
    drop_cache_keys,
    drop_database,
    own_name,
    parse_with_services,
    results_path,
    run_opening,
    timeit_figure,
    write_results,
)
from benchmarks.generation_latency import (  # noqa: E402
    ADMIN_URL,
    MODEL,
    completion,
    measure,
    percentile,
    prepare_database,
    start_gunicorn,
    summary,
)
from deploy.cluster import free_port  # noqa: E402
from tests.generations.providers.fake_server import (  # noqa: E402
    FakeResponse,
    FakeServer,
    openai_stream,
)
from tests.hardening.live_server import GUNICORN  # noqa: E402

RESULTS = results_path("servers.md")
DATABASE = own_name("bench_servers")  # this run's, dropped at the end
PORT = free_port()
PROVIDER_LATENCY = 0.05  # seconds before a sync answer
DELTA_INTERVAL = 0.05  # seconds between streamed deltas
THREADS = 128  # gthread's threads per worker: room for every stream of the run on each worker
STREAM = openai_stream(
    [f"word{n} " for n in range(20)], model=MODEL, prompt_tokens=40, completion_tokens=60
)
ASGI_COMMIT = "ee06f9c"  # the last with aiagency/asgi.py
ASGI_MODULE = "removed_asgi"
SERVERS = {
    "asgi": [f"{ASGI_MODULE}:application", "--worker-class", "uvicorn_worker.UvicornWorker"],
    "wsgi": [*GUNICORN, f"--threads={THREADS}"],
}


def removed_asgi_module(directory: Path) -> Path:
    """`directory`, holding aiagency/asgi.py of `ASGI_COMMIT` as the module `ASGI_MODULE`."""
    source = subprocess.run(
        ["git", "show", f"{ASGI_COMMIT}:aiagency/asgi.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (directory / f"{ASGI_MODULE}.py").write_text(source)
    return directory


@dataclass
class StreamRun:
    first_delta: list[float]  # seconds from the request to its first delta, per stream
    done: list[float]  # seconds from the request to its `done` event
    wall: float  # seconds until every stream had ended
    failed: int


async def one_stream(
    client: httpx.AsyncClient, template_id: int, topic: str
) -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    body = {
        "template": template_id,
        "variables": {"topic": topic},
        "provider": "openai_compatible",
        "model": MODEL,
    }
    async with client.stream("POST", "/api/generations/stream/", json=body) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {(await response.aread())[:200]!r}")
        async for line in response.aiter_lines():
            if line == "event: delta" and first is None:
                first = time.perf_counter() - started
            elif line == "event: done":
                return first or 0.0, time.perf_counter() - started
            elif line == "event: error":
                raise RuntimeError("the stream ended with an error event")
    raise RuntimeError("the stream ended without `done`")


async def concurrent_streams(port: int, template_id: int, count: int, label: str) -> StreamRun:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=120, limits=limits
    ) as client:
        token = (
            await client.post(
                "/api/auth/token/",
                json={"email": "bench@example.com", "password": "bench-password-1"},
            )
        ).json()["access"]
        client.headers["Authorization"] = f"Bearer {token}"
        for index in range(5):  # warm each worker's paths up
            await one_stream(client, template_id, f"{label} warm {index}")
        started = time.perf_counter()
        outcomes = await asyncio.gather(
            *(one_stream(client, template_id, f"{label} {i}") for i in range(count)),
            return_exceptions=True,
        )
        wall = time.perf_counter() - started
    timings = [outcome for outcome in outcomes if isinstance(outcome, tuple)]
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            print(f"  a stream failed: {outcome!r}")
    return StreamRun(
        first_delta=[first for first, _ in timings],
        done=[done for _, done in timings],
        wall=wall,
        failed=len(outcomes) - len(timings),
    )


def measure_streams(
    server: str, environment: dict[str, str], template_id: int, count: int, label: str
) -> StreamRun:
    process = start_gunicorn(environment, PORT, SERVERS[server])
    try:
        return asyncio.run(concurrent_streams(PORT, template_id, count, label))
    finally:
        process.terminate()
        process.wait()


def figures(
    sync: tuple[list[float], list[float], list[float]], streams: StreamRun
) -> dict[str, float]:
    """The round's figures for one server, in milliseconds (the wall time in seconds)."""
    direct, miss, hit = (summary(samples) for samples in sync)
    return {
        "sync overhead p50": miss["p50"] - direct["p50"],
        "sync cache hit p50": hit["p50"],
        "stream first delta p50": percentile(streams.first_delta, 0.5) * 1000,
        "stream first delta p99": percentile(streams.first_delta, 0.99) * 1000,
        "stream done p50": percentile(streams.done, 0.5) * 1000,
        "stream done p99": percentile(streams.done, 0.99) * 1000,
        "all streams ended (s)": streams.wall,
        "failed streams": streams.failed,
    }


def spread(values: list[float]) -> float:
    """max / min of one server's figure across rounds: the noise."""
    return max(values) / min(values) if min(values) > 0 else float("inf")


def report(rounds: list[dict[str, dict[str, float]]], arguments: argparse.Namespace) -> str:
    names = list(rounds[0]["asgi"])
    lines = [
        RESULTS_MARKER,
        "",
        *run_opening(
            "servers.py",
            f"{arguments.rounds} rounds, {arguments.requests} sync requests and "
            f"{arguments.streams} concurrent streams per server and round",
            timeit=arguments.timeit,
        ),
        f"- gunicorn, 2 workers each: `asgi` `{' '.join(SERVERS['asgi'])}` (aiagency/asgi.py "
        f"of {ASGI_COMMIT}); `wsgi` `{' '.join(SERVERS['wsgi'])}`.",
        "",
        "| figure | round | asgi | wsgi | asgi / wsgi |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        for number, by_server in enumerate(rounds, 1):
            asgi, wsgi = by_server["asgi"][name], by_server["wsgi"][name]
            ratio = f"{asgi / wsgi:.2f}" if wsgi else "-"
            lines.append(f"| {name} | {number} | {asgi:.1f} | {wsgi:.1f} | {ratio} |")
    lines += [
        "",
        "Noise: each server's figure across rounds, max / min (a ratio between servers inside "
        "this spread is no difference this machine can show).",
        "",
        "| figure | asgi spread | wsgi spread | asgi / wsgi, median of rounds |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in names:
        asgi = [by_server["asgi"][name] for by_server in rounds]
        wsgi = [by_server["wsgi"][name] for by_server in rounds]
        if min(asgi + wsgi) <= 0:
            continue
        ratios = [a / w for a, w in zip(asgi, wsgi, strict=True)]
        median = statistics.median(ratios)
        lines.append(f"| {name} | {spread(asgi):.2f} | {spread(wsgi):.2f} | {median:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--streams", type=int, default=200)
    arguments = parse_with_services(parser)
    arguments.timeit = timeit_figure()

    provider = FakeServer()
    provider.respond(FakeResponse(body=completion("An answer. " * 10), delay=PROVIDER_LATENCY))
    provider.start()
    streaming = FakeServer()
    streaming.respond(FakeResponse(events=STREAM, event_delay=DELTA_INTERVAL))
    streaming.start()
    try:
        environment, template_id = prepare_database(provider.url, database=DATABASE)
        # Each load signs in afresh; other runs on this machine share Redis and 127.0.0.1.
        environment.update(
            API_RATE_LIMIT_ANON_PER_MINUTE="1000000", CACHE_KEY_PREFIX=f"bench-{os.getpid()}"
        )
        environment["PYTHONPATH"] = str(removed_asgi_module(Path(tempfile.mkdtemp())))
        stream_environment = {**environment, "OPENAI_COMPATIBLE_BASE_URL": f"{streaming.url}/v1"}
        rounds = []
        for number in range(arguments.rounds):
            order = ["asgi", "wsgi"] if number % 2 == 0 else ["wsgi", "asgi"]
            by_server = {}
            for server in order:
                print(f"round {number + 1}: {server}", flush=True)
                sync = measure(
                    environment,
                    template_id,
                    provider.url,
                    arguments.requests,
                    PORT,
                    SERVERS[server],
                )
                streams = measure_streams(
                    server,
                    stream_environment,
                    template_id,
                    arguments.streams,
                    f"{server} round {number}",
                )
                by_server[server] = figures(sync, streams)
                print(f"  {by_server[server]}", flush=True)
            rounds.append(by_server)
    finally:
        provider.stop()
        streaming.stop()
        drop_database(ADMIN_URL, DATABASE)
        drop_cache_keys(os.environ.get("REDIS_URL"), f"bench-{os.getpid()}")
    results = report(rounds, arguments)
    write_results(RESULTS, results, title="ASGI or WSGI")
    print(results)


if __name__ == "__main__":
    main()
