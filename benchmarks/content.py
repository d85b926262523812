"""Content at scale, on PostgreSQL: full-text search over 100,000 items, a project's board of
5,000 items, and `save-as-content` of a 5,000-row batch, timed through the API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/content.py \
        [--items 100000]

Creates a database of its own, `bench_content_<pid>`, on the server of `DATABASE_URL` (dropped at
the end, so that runs at the same time do not collide), migrates it, seeds the benchmark's
workspace (`--items` content items, a multiple of 5,000), times each request through Django's
test client (middleware,
JWT authentication, filters, serializers, JSON), and writes `benchmarks/content.md` with the
machine, the load and `python -m timeit "sum(range(100))"`, so that figures taken on a busy
machine can be compared with others.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings, as before

from benchmarks.environment import (  # noqa: E402
    drop_cache_keys,
    drop_database,
    own_name,
    results_path,
    run_opening,
)

ITEMS, BOARD_ITEMS, BATCH_ROWS = 100_000, 5_000, 5_000
RUNS, WARMUPS = 30, 3
STATUSES = ("draft", "in_review", "changes_requested", "approved", "published", "archived")
COLUMN_SIZE = 25
TARGETS_MS = {"search": 100.0, "board": 200.0, "save": 30_000.0}
WORDS = [
    "content",
    "launch",
    "campaign",
    "brand",
    "voice",
    "reader",
    "summer",
    "winter",
    "product",
    "story",
    "guide",
    "tips",
    "market",
    "agency",
    "client",
    "draft",
    "review",
    "approve",
    "publish",
    "social",
    "email",
    "blog",
    "headline",
    "offer",
    "price",
    "growth",
    "team",
    "design",
    "data",
    "search",
    "speed",
    "quality",
    "budget",
    "audience",
    "channel",
    "video",
    "podcast",
    "newsletter",
]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(500)) for _ in range(words))


def timings(call: Callable[[], object], runs: int = RUNS) -> list[float]:
    for _ in range(WARMUPS):
        call()
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        measured.append((time.perf_counter() - started) * 1000)
    return measured


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def seed(workspace, user, template):
    from content.models import ContentItem, Project
    from generations.models import Batch, Generation

    rng = random.Random(15)
    project = Project.objects.create(workspace=workspace, name="Board", slug="board")
    statuses = ["draft", "in_review", "changes_requested", "approved", "published"]
    started = time.perf_counter()
    for start in range(0, ITEMS, 5_000):
        ContentItem.objects.bulk_create(
            ContentItem(
                workspace=workspace,
                project=project if start + n < BOARD_ITEMS else None,
                title=text(rng, 6),
                body=text(rng, 150),
                status=statuses[(start + n) % len(statuses)],
                created_by=user,
            )
            for n in range(5_000)
        )
    seeded_items = time.perf_counter() - started
    batch = Batch.objects.create(
        workspace=workspace,
        user=user,
        template_version=template.current_version,
        provider="local",
        model="local-draft",
        status=Batch.Status.SUCCEEDED,
        total=BATCH_ROWS,
    )
    Generation.objects.bulk_create(
        (
            Generation(
                workspace=workspace,
                user=user,
                template_version=template.current_version,
                batch=batch,
                batch_row=row,
                rendered_prompt="Write.",
                provider="local",
                model="local-draft",
                status=Generation.Status.SUCCEEDED,
                output=f"# Row {row}\n\n{text(rng, 150)}",
            )
            for row in range(1, BATCH_ROWS + 1)
        ),
        batch_size=1_000,
    )
    return project, batch, seeded_items


def main() -> None:
    global ITEMS
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=ITEMS, help="a multiple of 5,000")
    ITEMS = parser.parse_args().items
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = own_name("bench_content")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    os.environ["CACHE_KEY_PREFIX"] = name  # Redis, if set: ids repeat across databases
    try:
        measure()
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(server, name)
        drop_cache_keys(os.environ.get("REDIS_URL"), name)


def measure() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import Membership, Role, User, Workspace
    from tests.factories import TemplateFactory

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (your slot's).")
    call_command("migrate", verbosity=0)
    Workspace.objects.filter(slug="bench-content").delete()
    workspace = Workspace.objects.create(name="Bench content", slug="bench-content")
    user, _ = User.objects.get_or_create(email="bench-content@example.com")
    Membership.objects.create(user=user, workspace=workspace, role=Role.OWNER)
    template = TemplateFactory(workspace=workspace)
    project, batch, seeded = seed(workspace, user, template)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE content_contentitem")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")

    terms = iter([f"{word}{n}" for n in range(200) for word in WORDS])

    def search() -> None:
        response = client.get(f"/api/content/?workspace={workspace.pk}&search={next(terms)}")
        assert response.status_code == 200, response.content

    def board() -> None:
        # What the dashboard's board asks: a page of each status column, most recently edited
        # first (frontend/src/features/content/components/BoardColumn.tsx).
        for status in STATUSES:
            response = client.get(
                f"/api/content/?workspace={workspace.pk}&project={project.pk}&status={status}"
                f"&ordering=-updated_at&page_size={COLUMN_SIZE}"
            )
            assert response.status_code == 200, response.content

    def baseline() -> None:
        # The same client, authentication and middleware with next to no work: the yardstick
        # the other figures are divided by, measured in the same run under the same load.
        assert client.get("/api/me/").status_code == 200

    baseline_ms, search_ms, board_ms = timings(baseline), timings(search), timings(board)
    started = time.perf_counter()
    saved = client.post(f"/api/batches/{batch.pk}/save-as-content/")
    save_ms = (time.perf_counter() - started) * 1000
    assert saved.status_code == 201 and saved.json()["created"] == BATCH_ROWS, saved.content[:300]
    started = time.perf_counter()
    assert client.post(f"/api/batches/{batch.pk}/save-as-content/").json()["created"] == 0
    repeat_ms = (time.perf_counter() - started) * 1000
    write_report(baseline_ms, search_ms, board_ms, save_ms, repeat_ms, seeded, connection)


def write_report(baseline_ms, search_ms, board_ms, save_ms, repeat_ms, seeded, connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    rows = [
        (f"search, {ITEMS:,} items (`?search=`, one term)", search_ms, TARGETS_MS["search"]),
        (
            f"board: {len(STATUSES)} status columns of {COLUMN_SIZE} (6 requests), 5,000 items",
            board_ms,
            TARGETS_MS["board"],
        ),
    ]
    base = statistics.median(baseline_ms)
    lines = [
        "# Content at scale",
        "",
        *run_opening("content.py"),
        f"- Database: {version}, same machine; {ITEMS:,} items of ~150 words, "
        f"seeded in {seeded:.0f} s; full text through the partial GIN index of their language "
        "(`content_item_search_en`).",
        f"- Each request through Django's test client; {WARMUPS} warm-ups, {RUNS} timed runs.",
        f"- Baseline, measured in the same run: `GET /api/me/` (same client, authentication and "
        f'middleware, next to no work), p50 {base:.1f} ms; "p50 / baseline" divides a p50 by it.',
        "",
        "| request | p50 (ms) | p95 (ms) | p50 / baseline | target (ms) | p95 / target |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, values, target in rows:
        lines.append(
            f"| {name} | {statistics.median(values):.1f} | {p95(values):.1f} "
            f"| {statistics.median(values) / base:.1f} | {target:.0f} "
            f"| {p95(values) / target:.2f} |"
        )
    lines += [
        f"| save-as-content, {BATCH_ROWS:,}-row batch (once) | {save_ms:.0f} | | "
        f"{save_ms / base:.0f} | {TARGETS_MS['save']:.0f} | {save_ms / TARGETS_MS['save']:.2f} |",
        f"| save-as-content again (nothing new) | {repeat_ms:.0f} | | {repeat_ms / base:.0f} | | |",
        "",
        "The board row times the six requests one board screen makes (a page of each status "
        "column), one after the other; the target is for the board. Before the board's index "
        "on (project, status, -updated_at), with bodies and whole template versions read "
        "(commit 4dab178, five columns and the project's progress), its p95 was 676.7 ms, "
        "3.38 times the target, under a load average of 5.70.",
        "",
    ]
    results_path("content.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
