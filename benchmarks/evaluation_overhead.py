"""Evaluation overhead: an evaluation of N rows with 4 checks against a batch of the same rows.

The same fake OpenAI-compatible provider on loopback (200 ms per answer) and the same one `celery
worker --pool=solo` process on RabbitMQ, PostgreSQL and Redis as `batch_throughput.py` (whose
set-up this reuses); each run times a plain batch of the dataset's rows and then an evaluation of
them (the batch, then the scoring task: contains, word_count, regex, json_schema), end to end
from the request's service call to the finished state, after one untimed warm-up batch. Target:
the evaluation within 1.2x the batch.

    .venv/bin/python benchmarks/evaluation_overhead.py [--rows 500] [--latency 0.2] [--runs 3]

Needs the services `.ci/run` describes; uses a database (`bench_evaluations_<pid>`), a queue and
cache keys of its own, removed at the end. Results go in `benchmarks/evaluations.md`.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import batch_throughput as bench  # noqa: E402

bench.DATABASE = f"bench_evaluations_{os.getpid()}"
bench.QUEUE = f"bench-evaluations-{os.getpid()}"
ANSWER = '{"title": "A short answer", "words": 4}'
CHECKS = [
    {"type": "contains", "values": ["short"]},
    {"type": "word_count", "max": 50},
    {"type": "regex", "pattern": r"\"title\": \"[^\"]+\""},
    {"type": "json_schema", "schema": {"type": "object", "required": ["title", "words"]}},
]


def wait_until(done: object, what: str) -> None:
    deadline = time.monotonic() + 600
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def time_batch(template: object, rows: list[dict]) -> float:
    from generations.models import Batch
    from generations.services.batches import BatchInput, batch_create

    started = time.perf_counter()
    batch, _ = batch_create(
        user=None,
        data=BatchInput(
            template=template,
            rows=rows,
            provider="openai_compatible",
            model=bench.MODEL,
            cache=False,
        ),
    )
    wait_until(
        lambda: not Batch.objects.filter(pk=batch.pk, status__in=Batch.ACTIVE).exists(), "batch"
    )
    return time.perf_counter() - started


def time_evaluation(template: object, dataset: object) -> tuple[float, float | None]:
    from evaluations.models import Evaluation
    from evaluations.services.evaluations import EvaluationInput, evaluation_create

    started = time.perf_counter()
    evaluation, _ = evaluation_create(
        user=None,
        data=EvaluationInput(
            template=template,
            dataset=dataset,
            version=1,
            provider="openai_compatible",
            model=bench.MODEL,
            cache=False,
        ),
    )
    finished = Evaluation.objects.filter(pk=evaluation.pk, status=Evaluation.Status.FINISHED)
    wait_until(finished.exists, "evaluation")
    elapsed = time.perf_counter() - started
    return elapsed, finished.get().pass_rate


def main() -> None:
    args = bench.batch_parser(__doc__, rows=500, runs=3, concurrency=[16]).parse_args()
    with (
        bench.batch_rig(args, ANSWER) as (_server, template, environment),
        bench.running_worker(environment, args.concurrency[0]),
    ):
        from evaluations.services.datasets import dataset_create, dataset_rows_add

        rows = [{"topic": f"subject number {n}"} for n in range(args.rows)]
        dataset = dataset_create(
            workspace=template.workspace, user=None, data={"name": "bench", "checks": CHECKS}
        )
        dataset_rows_add(dataset=dataset, rows=[{"variables": row} for row in rows])
        print(f"rows {args.rows}; latency {args.latency * 1000:.0f} ms; checks {len(CHECKS)}")
        time_batch(template, rows)  # warm-up: the worker's connections and pools, not timed
        print("| run | plain batch s | evaluation s | ratio | pass rate |")
        print("|---|---|---|---|---|")
        ratios = []
        for number in range(1, args.runs + 1):
            plain = time_batch(template, rows)
            evaluated, pass_rate = time_evaluation(template, dataset)
            ratios.append(evaluated / plain)
            print(
                f"| {number} | {plain:.1f} | {evaluated:.1f} | **{evaluated / plain:.2f}** | "
                f"{pass_rate} |"
            )
        print(f"median ratio {statistics.median(ratios):.2f} (target 1.20 or less)")


if __name__ == "__main__":
    main()
