"""Read queries for datasets and evaluations (progress, summaries, the comparison of two), and
for side-by-side comparisons."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from evaluations.models import (
    Comparison,
    ComparisonTarget,
    Dataset,
    Evaluation,
    EvaluationResult,
)
from generations.models import Generation
from generations.selectors import batch_counts
from generations.services.batch_progress import ProgressEvent, progress_events

ENDED = (Evaluation.Status.FINISHED, Evaluation.Status.FAILED)


def dataset_list() -> QuerySet[Dataset]:
    return (
        Dataset.objects.select_related("created_by")
        .annotate(row_count=Count("rows"))
        .order_by("name", "id")  # an aggregate drops Meta.ordering
    )


def evaluation_list() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related(
        "template_version", "template_version__template", "dataset", "batch"
    )


def comparison_list() -> QuerySet[Comparison]:
    return Comparison.objects.prefetch_related(Prefetch("targets", queryset=comparison_targets()))


def comparison_targets() -> QuerySet[ComparisonTarget]:
    return ComparisonTarget.objects.select_related(
        "generation", "generation__template_version"
    ).order_by("index")


def evaluation_progress(
    *, evaluation_id: int, serialize: Callable[[Evaluation], dict[str, Any]]
) -> Iterator[ProgressEvent]:
    """The evaluation's progress events until it is scored (its batch's rows, then the checks)."""
    return progress_events(
        load=lambda: evaluation_list().get(pk=evaluation_id),
        serialize=serialize,
        finished=lambda evaluation: evaluation.status in ENDED,
    )


def evaluation_results(*, evaluation: Evaluation) -> QuerySet[EvaluationResult]:
    return EvaluationResult.objects.filter(evaluation=evaluation).select_related(
        "generation", "dataset_row"
    )


@dataclass(frozen=True)
class EvaluationFigures:
    """Progress of the rows (from the batch), their cost and latency."""

    done: int
    total: int
    cost: Decimal
    latency_mean_ms: float | None
    latency_p50_ms: float | None


def evaluation_figures(evaluation: Evaluation) -> EvaluationFigures:
    if evaluation.batch_id is None:
        return EvaluationFigures(0, evaluation.total, evaluation.judge_cost, None, None)
    counts = batch_counts(batch_id=evaluation.batch_id)
    generations = Generation.objects.filter(batch_id=evaluation.batch_id)
    spent = generations.aggregate(cost=Sum("cost"))["cost"] or Decimal(0)
    latencies = [
        latency
        for latency in generations.values_list("latency_ms", flat=True)
        if latency is not None
    ]
    return EvaluationFigures(
        done=counts.finished,
        total=evaluation.total,
        cost=spent + evaluation.judge_cost,
        latency_mean_ms=statistics.fmean(latencies) if latencies else None,
        latency_p50_ms=statistics.median(latencies) if latencies else None,
    )


def _checks_passed(result: EvaluationResult | None) -> int:
    return sum(1 for check in result.checks if check["passed"]) if result else 0


def _winner(a: EvaluationResult | None, b: EvaluationResult | None) -> str:
    """`a`, `b` or `tie`: more checks passed wins, then the higher mean score."""
    key_a = (_checks_passed(a), (a.score or 0) if a else 0)
    key_b = (_checks_passed(b), (b.score or 0) if b else 0)
    if key_a == key_b:
        return "tie"
    return "a" if key_a > key_b else "b"


def _side(result: EvaluationResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    generation = result.generation
    return {
        "passed": result.passed,
        "score": result.score,
        "checks": result.checks,
        "error": result.error,
        "output": generation.output if generation else "",
        "cost": generation.cost if generation else None,
    }


def evaluation_compare(*, a: Evaluation, b: Evaluation) -> dict[str, Any]:
    """Row by row side by side (by dataset position), with wins, losses and ties of `a`."""
    results_a = {r.position: r for r in evaluation_results(evaluation=a)}
    results_b = {r.position: r for r in evaluation_results(evaluation=b)}
    rows, tally = [], {"a": 0, "b": 0, "tie": 0}
    for position in sorted(results_a.keys() | results_b.keys()):
        found_a, found_b = results_a.get(position), results_b.get(position)
        winner = _winner(found_a, found_b)
        tally[winner] += 1
        row = found_a or found_b
        rows.append(
            {
                "position": position,
                "variables": row.dataset_row.variables if row and row.dataset_row else {},
                "winner": winner,
                "a": _side(found_a),
                "b": _side(found_b),
            }
        )
    return {
        "a": a,
        "b": b,
        "wins": tally["a"],
        "losses": tally["b"],
        "ties": tally["tie"],
        "rows": rows,
    }
