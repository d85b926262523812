"""Release gates, answered for the templates app (registered in `EvaluationsConfig.ready()`): a
version passes a gate when a finished evaluation of it on the gate's dataset (on the gate's
provider and model, when it names them) reaches the gate's pass rate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluations.models import Dataset, Evaluation
from templates_app.models import Template
from templates_app.services.labels import GateVerdict


def gate_verdict(template: Template, version: int, gate: Mapping[str, Any]) -> GateVerdict:
    finished = Evaluation.objects.filter(
        template_version__template=template,
        template_version__number=version,
        dataset_id=gate["dataset"],
        status=Evaluation.Status.FINISHED,
        pass_rate__isnull=False,
    )
    if gate.get("provider"):
        finished = finished.filter(provider=gate["provider"])
    if gate.get("model"):
        finished = finished.filter(model=gate["model"])
    best = finished.order_by("-pass_rate").values_list("pass_rate", flat=True).first()
    return GateVerdict(
        passed=best is not None and best >= gate["min_pass_rate"], best_pass_rate=best
    )


def dataset_in_workspace(template: Template, dataset_id: int) -> bool:
    return Dataset.objects.filter(pk=dataset_id, workspace_id=template.workspace_id).exists()
