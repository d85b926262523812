"""The chaos runs' figures: each run records its own, kept in `benchmarks/chaos-results.json`
(scenario by scenario, so that running one scenario keeps the others' last figures), and
`benchmarks/chaos.md` is written from them with the machine, the date and a `timeit` figure."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.environment import timeit_figure

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RESULTS = BENCHMARKS / "chaos-results.json"
REPORT = BENCHMARKS / "chaos.md"

INTRO = """\
# Chaos: outages, limits under concurrency, cut streams, soak, secrets

Written by `make chaos` (`tests/chaos/`, run by CI too; `make soak` runs the soak for 20 minutes
instead of 2). Every run starts the production-shaped stack of `deploy/cluster.py` (nginx, gunicorn
with gthread workers and `DJANGO_DEBUG=0`, Celery worker and beat) on a PostgreSQL and a Redis of
its own, so it can freeze, kill and restart them, and the chaos provider on loopback. The
thresholds are asserted by the tests; the figures below are the last run's of each scenario.
"""


def record(scenario: str, figures: dict[str, Any], *, threshold: str) -> None:
    """Keep `figures` for `scenario` and rewrite the report."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[scenario] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "timeit": timeit_figure(),
        "threshold": threshold,
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    REPORT.write_text(render(results))


def render(results: dict[str, Any]) -> str:
    parts = [INTRO]
    for scenario, entry in sorted(results.items()):
        parts.append(f"\n## {scenario}\n")
        parts.append(f"Asserted: {entry['threshold']}\n")
        parts.append(
            f"Run {entry['when']} on {entry['machine']}; `timeit sum(range(100))`: "
            f"{entry['timeit']}.\n"
        )
        parts.append("\n| figure | value |\n| --- | --- |")
        for name, value in entry["figures"].items():
            shown = value if isinstance(value, str) else json.dumps(value)
            parts.append(f"| {name} | {shown} |")
        parts.append("")
    return "\n".join(parts) + "\n"
