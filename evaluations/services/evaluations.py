"""Evaluations: a template version run over a dataset through the batch machinery, then checked.

Starting one resolves the version (explicit, a label, or `production` / the latest, as a
generation would), then creates an ordinary `Batch` of the dataset's rows, so the rows get the
batch runner's concurrency, retries, crash safety, budget checks and cost accounting; the
evaluation only owns the batch. When the batch ends (`batch_finished`, also after
`retry_failed`), a task checks every output and records the results and the summary. Scoring is
idempotent: it computes every result first (judge calls included, outside any transaction), then
replaces the stored results in one transaction, so a redelivered task simply scores again (once the
claim of the scorer that died has expired, see `_ScoringClaim`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.celery import send_after_commit
from aiagency.errors import DomainError
from evaluations.checks import Judge, run_checks
from evaluations.models import Dataset, Evaluation, EvaluationResult
from generations.models import Batch, BatchRow, Generation
from generations.services.batches import BatchInput, batch_create, batch_enqueue
from generations.services.catalogue import default_model
from generations.services.credentials import provider_for, workspace_credentials
from generations.services.manager import Prompt, Target
from generations.services.metered_calls import metered_call
from generations.services.requests import RunRequest

logger = logging.getLogger("evaluations")
Status = Evaluation.Status
JUDGE_MAX_TOKENS = 200


@dataclass(frozen=True, kw_only=True)
class EvaluationInput(RunRequest):
    """What a batch runs over every row of `dataset` (see `EvaluationCreateSerializer`)."""

    dataset: Dataset


def evaluation_create(
    *, user: User | None, data: EvaluationInput, idempotency_key: str | None = None
) -> tuple[Evaluation, bool]:
    """Record the evaluation and its batch, and run the batch once committed; `(evaluation,
    created)`. The batch's own `Idempotency-Key` replay serves the evaluation's too (under a
    prefix of its own, so a batch's key never answers for an evaluation)."""
    dataset = data.dataset
    if dataset.workspace_id != data.template.workspace_id:
        raise DomainError(
            _("The dataset is in another workspace than the template."), field="dataset"
        )
    rows = list(dataset.rows.order_by("position").values_list("variables", flat=True))
    if not rows:
        raise DomainError(_("This dataset has no rows yet."), field="dataset")
    key = f"evaluation:{idempotency_key}" if idempotency_key else None
    with transaction.atomic():
        batch, created = batch_create(
            user=user,
            data=BatchInput(
                **data.run_fields(), rows=rows, source_name=f"dataset {dataset.pk}: {dataset.name}"
            ),
            idempotency_key=key,
            enqueue=False,
        )
        if not created:
            return Evaluation.objects.get(batch=batch), False
        evaluation = Evaluation.objects.create(
            workspace_id=dataset.workspace_id,
            user=user,
            dataset=dataset,
            template_version=batch.template_version,
            label=batch.label,
            batch=batch,
            provider=batch.provider,
            model=batch.model,
            params=batch.params,
            checks=dataset.checks,
            total=len(rows),
        )
        batch_enqueue(batch=batch)  # after the evaluation exists: its end finds the evaluation
    return evaluation, True


def _score_later(evaluations: QuerySet[Evaluation]) -> list[int]:
    from evaluations.tasks import score_evaluation  # tasks import services

    ids = list(evaluations.values_list("pk", flat=True))
    Evaluation.objects.filter(pk__in=ids).update(status=Status.SCORING, finished_at=None)
    for evaluation_id in ids:
        send_after_commit(score_evaluation, evaluation_id)
    return ids


def on_batch_finished(sender: Any, batch: Batch, **kwargs: Any) -> None:
    """`batch_finished`: score the evaluation that owns the batch, if one does."""
    _score_later(Evaluation.objects.filter(batch=batch))


def evaluations_requeue_stale() -> list[int]:
    """Score again the evaluations whose batch ended `GENERATION_STALE_AFTER_SECONDS` ago and
    that are not scored: the scoring message was lost, or its worker died (scoring is
    idempotent, so a duplicate only scores twice), or the runner died between ending the batch
    and sending `batch_finished`."""
    cutoff = timezone.now() - timedelta(seconds=settings.GENERATION_STALE_AFTER_SECONDS)
    stale = Evaluation.objects.filter(
        status__in=(Status.RUNNING, Status.SCORING),
        batch__status__in=Batch.FINISHED,
        batch__finished_at__lt=cutoff,
    )
    return _score_later(stale)


# --- the judge ------------------------------------------------------------------------------------
class _WorkspaceJudge:
    """Sends an `llm_judge` rubric through a provider of the workspace: the check's, else the
    workspace's default, else the server's; each call metered against the workspace's limits
    (`metered_call`); counts what the calls cost."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.credentials = workspace_credentials(workspace=workspace)
        self.cost = Decimal(0)

    def _target(self, check: Mapping[str, Any]) -> Target:
        workspace = self.workspace
        provider = check.get("provider") or workspace.default_provider
        model = check.get("model")
        if not provider:
            provider, model = settings.DEFAULT_AI_PROVIDER, model or settings.DEFAULT_AI_MODEL
        elif not model and provider == workspace.default_provider:
            model = workspace.default_model
        model = model or default_model(provider)
        if not model:
            raise DomainError(
                _("Name a model for the judge on %(provider)s.") % {"provider": provider}
            )
        if not provider_for(provider=provider, credentials=self.credentials).is_configured:
            raise DomainError(
                _("The judge's provider %(provider)s is not configured.") % {"provider": provider}
            )
        return Target(provider, model)

    def __call__(self, check: Mapping[str, Any], system_prompt: str, prompt: str) -> str:
        # Metered as a generation is: held against the workspace's budget and token quota
        # first, so a judge with no room left fails its check ("the judge failed: Monthly cost
        # budget ...") and the scoring goes on; counted in the workspace's usage after.
        metered = metered_call(
            workspace=self.workspace,
            purpose="llm_judge",
            target=self._target(check),
            prompt=Prompt(prompt, system_prompt, {"max_tokens": JUDGE_MAX_TOKENS}),
            credentials=self.credentials,
        )
        self.cost += metered.cost
        return metered.result.text


# --- scoring --------------------------------------------------------------------------------------
def _result_of(
    evaluation: Evaluation, row: BatchRow, references: Mapping[int, tuple[int, str]], judge: Judge
) -> EvaluationResult:
    dataset_row_id, reference = references.get(row.row, (None, ""))
    result = EvaluationResult(
        evaluation=evaluation,
        position=row.row,
        dataset_row_id=dataset_row_id,
        generation=row.generation,
    )
    generation = row.generation
    if generation is None:
        result.error = f"invalid input: {row.error}"
        return result
    if generation.status != Generation.Status.SUCCEEDED:
        result.error = generation.error or f"the generation is {generation.status}"
        return result
    checks = run_checks(
        evaluation.checks, output=generation.output, reference=reference, judge=judge
    )
    result.checks = [check.as_dict() for check in checks]
    result.passed = all(check.passed for check in checks)
    result.score = sum(c.score for c in checks) / len(checks) if checks else None
    return result


def _summary(evaluation: Evaluation, results: list[EvaluationResult]) -> dict[str, Any]:
    scores: dict[str, list[float]] = {check["name"]: [] for check in evaluation.checks}
    for result in results:
        for check in result.checks:
            scores.setdefault(check["name"], []).append(check["score"])
    passed = sum(1 for result in results if result.passed)
    return {
        "passed": passed,
        "pass_rate": passed / len(results) if results else None,
        "check_scores": {
            name: round(sum(values) / len(values), 4) if values else None
            for name, values in scores.items()
        },
    }


class _ScoringClaim:
    """A scoring at work, held in the cache and renewed as it goes: a judge over many rows
    outlasts the stale period, after which the sweep sends the scoring again each minute, and
    each would ask the judge about every row once more. One whose scorer died expires after a
    stale period; the sweep's next one then scores."""

    RENEW_SECONDS = 5.0

    def __init__(self, evaluation_id: int) -> None:
        self.key = f"evaluation:{evaluation_id}:scoring"
        self.renewed = time.monotonic()

    def take(self) -> bool:
        return cache.add(self.key, 1, timeout=settings.GENERATION_STALE_AFTER_SECONDS)

    def renew(self) -> None:
        if time.monotonic() - self.renewed >= self.RENEW_SECONDS:
            cache.touch(self.key, timeout=settings.GENERATION_STALE_AFTER_SECONDS)
            self.renewed = time.monotonic()

    def release(self) -> None:
        cache.delete(self.key)


def evaluation_score(*, evaluation_id: int) -> Evaluation | None:
    """Check every output of the evaluation's batch and record the results and the summary."""
    evaluation = (
        Evaluation.objects.select_related("workspace", "batch")
        .filter(pk=evaluation_id, status=Status.SCORING)
        .first()
    )
    if evaluation is None or evaluation.batch is None:
        return None  # already scored, or not ready
    claim = _ScoringClaim(evaluation.pk)
    if not claim.take():
        return None  # being scored
    try:
        return _score(evaluation, evaluation.batch, claim)
    finally:
        claim.release()


def _score(evaluation: Evaluation, batch: Batch, claim: _ScoringClaim) -> Evaluation | None:
    # The batch's row n is the dataset's n-th row by position (the order it was sent in).
    stored = evaluation.dataset.rows.order_by("position").values_list("pk", "reference")
    references = dict(enumerate(stored, start=1))
    judge = _WorkspaceJudge(evaluation.workspace)
    rows = BatchRow.objects.filter(batch=batch).select_related("generation")
    results = []
    for row in rows.order_by("row"):
        claim.renew()
        results.append(_result_of(evaluation, row, references, judge))
    summary = _summary(evaluation, results)
    cancelled = batch.status == Batch.Status.CANCELLED
    scoring = Evaluation.objects.filter(pk=evaluation.pk, status=Status.SCORING)
    with transaction.atomic():
        # Another scoring of it may have recorded its results first (this one's claim lost
        # meanwhile: the cache restarted): they stay, with the summary made of them.
        if not scoring.select_for_update().exists():
            return None
        EvaluationResult.objects.filter(evaluation=evaluation).delete()
        EvaluationResult.objects.bulk_create(results, batch_size=1000)
        scoring.update(
            status=Status.FAILED if cancelled else Status.FINISHED,
            error="The batch was cancelled: rows not run count as failed." if cancelled else "",
            total=len(results),
            judge_cost=judge.cost,
            finished_at=timezone.now(),
            **summary,
        )
    logger.info(
        "evaluation scored",
        extra={"evaluation_id": evaluation.pk, "pass_rate": summary["pass_rate"]},
    )
    evaluation.refresh_from_db()
    return evaluation
