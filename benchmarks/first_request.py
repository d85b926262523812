"""A gunicorn worker's first generation against its next ones: what a fresh worker (a deploy, or a
recycle after `GUNICORN_MAX_REQUESTS`) makes its first caller wait for.

Starts this API at HEAD and at `--before` (the merge base with `main` by default; both exported
with `git archive`, as `peers.py` does), one gunicorn worker each with production's settings
(`aiagency/gunicorn.conf.py`, DEBUG off) on PostgreSQL and Redis, against a loopback fake
provider that answers at once. Each trial starts a server afresh, signs in, then times its first
`POST /api/generations/` (cache off) and the median of the next ones; trials alternate HEAD and
before.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/first_request.py [--before <commit>] [--trials 4] [--next 20]

Writes its results under "## Results" in `benchmarks/first_request.md` (or `BENCH_RESULTS_DIR`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

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
from benchmarks.generation_latency import (  # noqa: E402
    ADMIN_URL,
    completion,
    prepare_database,
    start_gunicorn,
)
from benchmarks.peers import exported_tree, generation_body, token  # noqa: E402
from deploy.cluster import free_port  # noqa: E402
from tests.generations.providers.fake_server import FakeResponse, FakeServer  # noqa: E402

RESULTS = results_path("first_request.md")


def one_trial(
    tree: Path, environment: dict[str, str], template_id: int, following: int
) -> tuple[float, float, list[float]]:
    """Seconds until the server answered, the first generation's seconds, the next ones'."""
    port = free_port()
    started = time.perf_counter()
    server = start_gunicorn(environment, port, cwd=tree, workers=1)
    try:
        up = time.perf_counter() - started
        headers = {"Authorization": f"Bearer {token(port)}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as api:
            times = []
            for index in range(following + 1):
                began = time.perf_counter()
                answer = api.post(
                    "/api/generations/",
                    json=generation_body(template_id, f"first {port} {index}", cache=False),
                )
                times.append(time.perf_counter() - began)
                assert answer.status_code == 201, answer.text
        return up, times[0], times[1:]
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="", help="commit of `before` (the merge base)")
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--next", type=int, default=20, help="generations timed after the first")
    arguments = parse_with_services(parser)
    arguments.commit = head_commit()
    arguments.before = before_commit(arguments.before)
    trees = {
        "HEAD": exported_tree(arguments.commit),
        "before": exported_tree(arguments.before),
    }
    provider = FakeServer()
    provider.respond(FakeResponse(body=completion("An answer. " * 10)))
    provider.start()
    database = own_name("bench_first_request")
    rows: list[tuple[str, int, float, float, float]] = []
    try:
        environment, template_id = prepare_database(provider.url, database=database)
        environment.update(API_RATE_LIMIT_ANON_PER_MINUTE="1000000", CACHE_KEY_PREFIX=database)
        for trial in range(arguments.trials):
            for name in trees if trial % 2 == 0 else reversed(trees):
                up, first, following = one_trial(
                    trees[name], environment, template_id, arguments.next
                )
                rows.append((name, trial, up, first, statistics.median(following)))
                print(f"{name} trial {trial}: first {first * 1000:.0f} ms", flush=True)
    finally:
        provider.stop()
        drop_database(ADMIN_URL, database)
    write_results(RESULTS, report(rows, arguments), title="First request")


def report(rows: list[tuple[str, int, float, float, float]], arguments: argparse.Namespace) -> str:
    lines = [
        f"{RESULTS_MARKER}\n",
        *run_opening(
            "first_request.py",
            f"{arguments.trials} trials each, {arguments.next} generations after the first",
            commit=arguments.commit,
            before=arguments.before,
        ),
        "",
        "| tree | trial | server up (s) | first generation (ms) | next ones, median (ms) "
        "| first / next |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, trial, up, first, following in rows:
        lines.append(
            f"| {name} | {trial} | {up:.2f} | {first * 1000:.0f} | {following * 1000:.1f} "
            f"| {first / following:.0f} |"
        )
    for name in ("HEAD", "before"):
        firsts = [first for tree, _, _, first, _ in rows if tree == name]
        lines.append(f"\n{name}: first generation, median of the trials "
                     f"{statistics.median(firsts) * 1000:.0f} ms.")  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
