"""Benchmark: bulk-import templates from one JSON file; report time, queries and peak memory.

Run against the database named by DATABASE_URL (migrated first), each run into a new workspace:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/import_templates.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \
        benchmarks/import_templates.py

For each size it imports the file into an empty workspace (every template created), then imports
it again (every template unchanged), and measures, separately so tracing does not slow the timed
run: the wall time, the number of SQL queries, and with tracemalloc the peak memory of the import
next to the memory of the parsed file alone. Results go in `benchmarks/templates_import.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings, as before

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Workspace  # noqa: E402
from templates_app.services.importing import ImportReport, template_import  # noqa: E402

BODY = 3 * (
    "Write a {{ tone }} post of about {{ words }} words about {{ topic }} for {{ audience }}.\n"
    "Start with a hook, give three concrete examples, and end with one clear next step.\n"
)
DEFAULTS = {"provider": "openai", "model": "gpt-4o-mini", "params": {"max_tokens": 800}}


def make_records(count: int) -> list[dict[str, Any]]:
    return [
        {
            "slug": f"bench-{n:05d}",
            "name": f"Benchmark template {n}",
            "description": f"Template number {n}, generated for the import benchmark.",
            "category": ("blog", "social", "email", "seo")[n % 4],
            "tags": ["bench", f"group-{n % 10}"],
            "defaults": DEFAULTS,
            "variables": [
                {"name": "topic", "max_length": 200},
                {"name": "audience", "default": "general readers"},
                {"name": "words", "type": "integer", "default": 600},
                {"name": "tone", "type": "choice", "choices": ["warm", "crisp"], "default": "warm"},
            ],
            "system_prompt": "You are a careful writer.",
            "body": BODY,
        }
        for n in range(count)
    ]


@contextmanager
def counting_queries() -> Iterator[list[int]]:
    count = [0]

    def wrapper(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def import_file(path: Path) -> tuple[ImportReport, float, float, int]:
    workspace = Workspace.objects.create(name="Bench", slug=f"bench-{uuid.uuid4().hex[:12]}")
    content = path.read_bytes()
    with counting_queries() as queries:
        start = time.perf_counter()
        report = template_import(workspace=workspace, user=None, files=[(path.name, content)])
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = template_import(workspace=workspace, user=None, files=[(path.name, content)])
        second = time.perf_counter() - start
    assert report.count("created") == again.count("unchanged") == len(report.items)
    assert not report.failures and not again.failures
    return report, first, second, queries[0]


def peak_memory(step: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_500, 10_000])
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        vendor = f"{connection.vendor} {cursor.fetchone()[0]}"
    print(f"database: {vendor}; python {platform.python_version()}; {platform.platform()}")
    print(f"cpus: {os.cpu_count()}; date: {time.strftime('%Y-%m-%d')}")
    print(
        "| templates | file MB | first import s | re-import s | queries (both) "
        "| peak import MB | parsed file MB |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            path = Path(folder) / f"templates-{size}.json"
            path.write_text(json.dumps({"templates": make_records(size)}))
            _report, first, second, queries = import_file(path)
            content = path.read_bytes()
            parsed = peak_memory(lambda content=content: json.loads(content))
            workspace = Workspace.objects.create(name="B", slug=f"bench-{uuid.uuid4().hex[:12]}")
            peak = peak_memory(
                lambda workspace=workspace, content=content, path=path: template_import(
                    workspace=workspace, user=None, files=[(path.name, content)]
                )
            )
            mb = 1024 * 1024
            print(
                f"| {size:,} | {len(content) / mb:.1f} | {first:.1f} | {second:.1f} | {queries} "
                f"| {peak / mb:.0f} | {parsed / mb:.0f} |"
            )


if __name__ == "__main__":
    main()
