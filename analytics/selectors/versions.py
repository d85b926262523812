"""A template's figures per version, and per label and canary arm within each version: how its
generations ran (the summary's figures: volume, success rate, latency p50/p95, cost, mean rating),
how its evaluations scored (the best and the latest finished pass rate) and what became of the
content made from its generations (approval rate, median `edit_ratio` of the approved items).

All time, read live from the generations (the rollups keep no version), finished ones only.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from analytics.aggregates import generation_measures, with_first_choice
from analytics.selectors.reports import figures
from analytics.selectors.usage import Totals
from content.models import ContentItem
from evaluations.models import Evaluation
from generations.models import Generation
from templates_app.models import Template

# A generation's version, the label it ran through ("" for none) and the arm drawn (None unless
# the label was a canary split).
Arm = tuple[int, str, int | None]
_ARM = ("template_version__number", "label", "label_arm")


@dataclass
class _Content:
    items: int = 0
    approved: int = 0
    edit_ratios: list[float] = field(default_factory=list)

    def absorb(self, other: _Content) -> None:
        self.items += other.items
        self.approved += other.approved
        self.edit_ratios.extend(other.edit_ratios)

    def figures(self) -> dict[str, Any]:
        return {
            "content_items": self.items,
            "content_approved": self.approved,
            "approval_rate": round(self.approved / self.items, 4) if self.items else None,
            "edit_ratio_median": (
                round(statistics.median(self.edit_ratios), 4) if self.edit_ratios else None
            ),
        }


def _generation_totals(template: Template) -> dict[Arm, Totals]:
    finished = with_first_choice(
        Generation.objects.filter(
            template_version__template=template, status__in=Generation.FINISHED
        )
    )
    totals: dict[Arm, Totals] = defaultdict(Totals)
    measures = generation_measures(histogram=False)
    for row in finished.values(*_ARM).annotate(**measures).order_by():
        totals[(row[_ARM[0]], row["label"], row["label_arm"])].add(row)
    timed = finished.filter(latency_ms__isnull=False).values_list(*_ARM, "latency_ms").order_by()
    for number, label, arm, latency_ms in timed.iterator(chunk_size=5000):
        totals[(number, label, arm)].latencies.append(latency_ms)
    return totals


def _content(template: Template) -> dict[Arm, _Content]:
    """The content items made from the template's generations, by their generation's arm; an
    item is approved once it has been (`approved_at`: published ones too), when its
    `edit_ratio` is frozen."""
    content: dict[Arm, _Content] = defaultdict(_Content)
    items = ContentItem.objects.filter(generation__template_version__template=template)
    arm = tuple(f"generation__{name}" for name in _ARM)
    for number, label, label_arm, approved_at, edit_ratio in items.values_list(
        *arm, "approved_at", "edit_ratio"
    ).order_by():
        group = content[(number, label, label_arm)]
        group.items += 1
        if approved_at is not None:
            group.approved += 1
            group.edit_ratios.append(edit_ratio)
    return content


def _evaluations(template: Template) -> dict[int, dict[str, Any]]:
    """Per version number: its finished evaluations' count, best and latest pass rate."""
    finished = Evaluation.objects.filter(
        template_version__template=template,
        status=Evaluation.Status.FINISHED,
        pass_rate__isnull=False,
    ).order_by("finished_at", "id")
    runs: dict[int, list[Evaluation]] = defaultdict(list)
    for evaluation in finished.select_related("template_version"):
        runs[evaluation.template_version.number].append(evaluation)
    answer = {}
    for number, evaluations in runs.items():
        best = max(evaluations, key=lambda evaluation: evaluation.pass_rate or 0)
        latest = evaluations[-1]
        answer[number] = {
            "evaluations": len(evaluations),
            "evaluation_pass_rate": best.pass_rate,
            "best_evaluation": best.pk,
            "latest_evaluation_pass_rate": latest.pass_rate,
            "latest_evaluation": latest.pk,
        }
    return answer


NO_EVALUATION = {
    "evaluations": 0,
    "evaluation_pass_rate": None,
    "best_evaluation": None,
    "latest_evaluation_pass_rate": None,
    "latest_evaluation": None,
}


def _group(totals: Totals, content: _Content) -> dict[str, Any]:
    return {**figures(totals), **content.figures()}


def version_analytics(*, template: Template) -> list[dict[str, Any]]:
    """Every version of the template, newest first, with its figures and, in `labels`, the same
    figures per label and canary arm it ran through (`label` "" for a version asked by number or
    run as the current one)."""
    totals = _generation_totals(template)
    content = _content(template)
    evaluations = _evaluations(template)
    numbers = template.versions.order_by("-number").values_list("number", flat=True)
    answer = []
    for number in numbers:
        arms = sorted(
            {arm for arm in (*totals, *content) if arm[0] == number},
            key=lambda arm: (arm[1], -1 if arm[2] is None else arm[2]),
        )
        whole, whole_content = Totals(), _Content()
        labels = []
        for arm in arms:
            arm_totals, arm_content = totals.get(arm, Totals()), content.get(arm, _Content())
            whole.absorb(arm_totals)
            whole_content.absorb(arm_content)
            labels.append({"label": arm[1], "arm": arm[2], **_group(arm_totals, arm_content)})
        answer.append(
            {
                "version": number,
                **_group(whole, whole_content),
                **evaluations.get(number, NO_EVALUATION),
                "labels": labels,
            }
        )
    return answer
