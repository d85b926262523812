"""Cost of one render in a worker process (what the app does) over the same render in-process.

Renders the example blog-post template (body and system prompt, as a generation does) and the
one-line template of `generation_latency.py`, alternating the two ways call by call so that a slower
spell of the machine weighs on both alike:

    python benchmarks/rendering.py [--renders 5000]

In-process is `sandbox.render`, the code a worker runs, called here; the worker path is
`rendering.render`, the app's entry point (a round trip to a worker of this process's pool). Needs
no services.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings, as before

import django  # noqa: E402

from benchmarks.environment import timeit_figure  # noqa: E402

django.setup()

from templates_app.services import sandbox  # noqa: E402
from templates_app.services.formats import read_source  # noqa: E402
from templates_app.services.rendering import render  # noqa: E402
from templates_app.services.schema import clean_variables, sample_context  # noqa: E402


def _blog_post() -> tuple[list[str], dict]:
    path = ROOT / "examples" / "templates" / "blog-post.md"
    (record,) = read_source(path.name, path.read_bytes())
    variables = clean_variables(record.data["variables"])
    return [record.data["body"], record.data["system_prompt"]], sample_context(variables)


CASES: dict[str, tuple[list[str], dict]] = {
    "blog post (body + system prompt)": _blog_post(),
    "one line": (["Write about {{ topic }}."], {"topic": "tea"}),
}


def in_process(sources: list[str], context: dict) -> None:
    for source in sources:
        sandbox.render(source, context)


def in_worker(sources: list[str], context: dict) -> None:
    for source in sources:
        render(source, context)


def timed(call: Callable[[], None]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(sources: list[str], context: dict, count: int) -> tuple[list[float], list[float]]:
    for _ in range(50):  # start the worker, compile the templates on both sides
        in_process(sources, context)
        in_worker(sources, context)
    here, there = [], []
    for _ in range(count):
        here.append(timed(lambda: in_process(sources, context)))
        there.append(timed(lambda: in_worker(sources, context)))
    return here, there


def microseconds(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5000)
    args = parser.parse_args()
    timeit = timeit_figure()
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"load average {os.getloadavg()[0]:.2f}; timeit sum(range(100)): {timeit}")
    print(f"{args.renders} renders per case, alternated\n")
    print("case                               in-process p50/p99/mean µs   worker p50/p99/mean µs")
    for name, (sources, context) in CASES.items():
        here, there = measure(sources, context, args.renders)
        figures = [
            f"{microseconds(samples, 0.5):7.0f} {microseconds(samples, 0.99):6.0f} "
            f"{statistics.fmean(samples) * 1e6:6.0f}"
            for samples in (here, there)
        ]
        print(f"{name:<34} {figures[0]:<28} {figures[1]}")
        added = microseconds(there, 0.5) - microseconds(here, 0.5)
        ratio = statistics.median(there) / statistics.median(here)
        print(f"{'':<34} worker adds {added:.0f} µs at p50 (x{ratio:.1f})")


if __name__ == "__main__":
    main()
