"""Analytics at scale: one million generations in PostgreSQL, then `summary` and 90-day
`timeseries` timed through the API.

    .venv/bin/python benchmarks/analytics_queries.py [--count 1000000] [--reuse]

Creates the database `bench_analytics_<pid>` (dropped at the end), or with --reuse creates or
keeps `bench_analytics` (kept at the end), on the server of `--server`
(default: DATABASE_URL's, else postgres://postgres@127.0.0.1:5432/test), migrates it, seeds it with
`analytics.seeding.generations_seed`, rolls up, times each request through Django's test client
(the whole stack: middleware, JWT authentication, serializers, JSON), and writes
`benchmarks/analytics.md`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import (  # noqa: E402
    drop_database,
    own_name,
    results_path,
    run_opening,
)

DATABASE = "bench_analytics"
RUNS, WARMUPS = 30, 3


def prepare_database(server: str, name: str, reuse: bool) -> tuple[str, bool]:
    """The benchmark database's URL, and whether it must be seeded."""
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not reuse:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")
        if not exists or not reuse:
            connection.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}", not (exists and reuse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--output", default=str(results_path("analytics.md")))
    args = parser.parse_args()

    # Kept for the next --reuse; else this run's own, so that runs at the same time do not collide.
    name = DATABASE if args.reuse else own_name(DATABASE)
    url, must_seed = prepare_database(args.server, name, args.reuse)
    try:
        measure(args, url, must_seed)
    finally:
        if not args.reuse:
            from django.db import connections

            connections.close_all()
            drop_database(args.server, name)


def measure(args: argparse.Namespace, url: str, must_seed: bool) -> None:
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="aiagency.settings", DJANGO_DEBUG="0",
        SECRET_KEY="benchmark-" + "x" * 50, ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING",
        API_RATE_LIMIT_PER_MINUTE="100000",
    )  # fmt: skip
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import Membership, Role, User, Workspace
    from analytics.models import RollupState
    from analytics.seeding import generations_seed
    from analytics.services import rollup_rebuild, rollup_refresh
    from generations.models import Generation

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(email="bench@example.com")
    workspace, _ = Workspace.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    Membership.objects.get_or_create(user=user, workspace=workspace, defaults={"role": Role.OWNER})
    for number in range(1, 5):  # generations spread over five members, as in a small team
        member, _ = User.objects.get_or_create(email=f"writer{number}@example.com")
        Membership.objects.get_or_create(
            user=member, workspace=workspace, defaults={"role": Role.EDITOR}
        )
    setup: list[str] = []
    if must_seed:
        started = time.monotonic()
        oldest = generations_seed(workspace=workspace, count=args.count, days=90)
        setup.append(f"seeding {args.count:,} rows (COPY): {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        run = rollup_rebuild(since=oldest)
        setup.append(
            f"first rollup (backfill of 90 days): {time.monotonic() - started:.0f} s, "
            f"{run.route_rows:,} route rows + {run.template_rows:,} template/user rows"
        )
    started = time.monotonic()
    rollup_refresh()  # what the beat does every 10 minutes: the last 48 h and the closed hours
    setup.append(f"a beat run (48 h lookback): {time.monotonic() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0].split(" on ")[0]
    rows = Generation.objects.count()
    spread = Generation.objects.aggregate(
        models=Count("model", distinct=True),
        templates=Count("template_version", distinct=True),
        users=Count("user", distinct=True),
    )
    succeeded = Generation.objects.filter(status="succeeded").count() / rows

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    base = {"workspace": workspace.pk, "tz": "Europe/Lisbon"}
    ninety = {"start": (datetime.now(UTC).date().toordinal() - 89)}
    start_90 = datetime.fromordinal(ninety["start"]).date().isoformat()
    cases = [
        ("summary, last 30 days (default)", "summary", {}),
        ("summary, 90 days", "summary", {"start": start_90}),
        ("timeseries 90 d: count by status, daily", "timeseries",
         {"start": start_90, "metric": "count", "group_by": "status"}),
        ("timeseries 90 d: cost, daily", "timeseries", {"start": start_90, "metric": "cost"}),
        ("timeseries 90 d: latency p95, daily", "timeseries",
         {"start": start_90, "metric": "latency_p95"}),
        ("timeseries 90 d: latency p95 by model, daily", "timeseries",
         {"start": start_90, "metric": "latency_p95", "group_by": "model"}),
        ("timeseries 90 d: cost by template, daily", "timeseries",
         {"start": start_90, "metric": "cost", "group_by": "template"}),
        ("timeseries 90 d: count by user, daily", "timeseries",
         {"start": start_90, "metric": "count", "group_by": "user"}),
        ("timeseries 31 d: count, hourly", "timeseries",
         {"start": datetime.fromordinal(ninety["start"] + 59).date().isoformat(),
          "interval": "hour"}),
        ("top-templates, 90 days", "top-templates", {"start": start_90}),
        ("providers, 90 days", "providers", {"start": start_90}),
    ]  # fmt: skip

    def timed(path: str, params: dict, runs: int, warmups: int) -> list[float]:
        times = []
        for index in range(warmups + runs):
            started = time.perf_counter()
            response = client.get(f"/api/analytics/{path}/", {**base, **params}, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content[:500]
            if index >= warmups:
                times.append(elapsed)
        return times

    def quantiles(times: list[float]) -> tuple[float, float, float]:
        cuts = statistics.quantiles(times, n=20, method="inclusive")
        return statistics.median(times), cuts[18], max(times)

    results = []
    for label, path, params in cases:
        p50, p95, worst = quantiles(timed(path, params, RUNS, WARMUPS))
        results.append((label, p50, p95, worst))
        print(f"{label:48} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms", flush=True)

    # Without the rollup: the same figures, aggregated from the million rows on every request.
    state = RollupState.objects.get(name="hourly")
    watermark = state.rolled_up_to
    RollupState.objects.filter(pk=state.pk).update(rolled_up_to=None)
    live = []
    for label, path, params in cases[1:3]:
        p50, p95, worst = quantiles(timed(path, params, 5, 1))
        live.append((label + " — no rollup (all live)", p50, p95, worst))
        print(f"{live[-1][0]:48} p50 {p50:7.1f} ms", flush=True)
    RollupState.objects.filter(pk=state.pk).update(rolled_up_to=watermark)

    lines = [
        "# Analytics queries with one million generations",
        "",
        *run_opening("analytics_queries.py"),
        "- The worst cases below include the noise of the machine's other users.",
        f"- Database: {postgres}, on the same machine; {rows:,} generations in one workspace over"
        f" 90 days (`analytics.seeding`: {spread['models']} models, {spread['templates']}"
        f" templates, {spread['users']} users, {succeeded:.1%} succeeded).",
        *[f"- Setup: {line}." for line in setup],
        f"- Each request goes through Django's test client (JWT authentication, middleware,"
        f" serializers, JSON) with `tz=Europe/Lisbon`; {WARMUPS} warm-ups, then {RUNS} timed runs"
        " (5 for the no-rollup rows).",
        "",
        "| request | p50 (ms) | p95 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} |" for label, p50, p95, worst in
          results + live],
        "",
        "Target: `summary` and a 90-day `timeseries` under 300 ms. Past hours come from the hourly"
        " rollups (`analytics_hourlyrollup`, `analytics_hourlytemplaterollup`); only the hours"
        " since the last rollup run are read from `generations_generation`, through its"
        " `(workspace, created_at)` index. The no-rollup rows show what the rollup saves.",
        "",
    ]  # fmt: skip
    Path(args.output).write_text("\n".join(lines))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
