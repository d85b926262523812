"""Batches: checking and recording one template over many rows, and steering them afterwards.

Every valid row is recorded up front as a `queued` generation of the batch (one per row, by the
unique (batch, batch_row) constraint), and every input row as sent as a `BatchRow`; running the
batch is then claiming those rows one by one (`batch_runs.py`), so a row is never lost and never
recorded twice.

Limits: the workspace's monthly budget and daily token quota are checked against the whole
batch's estimate before it is accepted; a batch counts as one request against the per-user
generation pace, and its rows are paced by the runner's concurrency (`BATCH_CONCURRENCY`,
`BATCH_MAX_ROWS_PER_SECOND`) and the provider's own 429s instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.celery import send_after_commit
from aiagency.errors import ConflictError, DomainError
from generations.batch_links import batch_link
from generations.models import Batch, BatchRow, Generation
from generations.selectors import batch_runners_live
from generations.services import quotas
from generations.services.batch_exports import remove_exports
from generations.services.batch_input import (
    BatchRowsInvalid,
    CheckedRows,
    Estimate,
    check_columns,
    check_rows,
    estimate,
)
from generations.services.idempotency import Idempotent, fingerprint
from generations.services.requests import (
    RunRequest,
    VersionToRun,
    check_target,
    fallback_chain,
    version_to_run,
)
from templates_app.models import TemplateVersion

Status = Batch.Status
INSERT_CHUNK = 1000


@dataclass(frozen=True, kw_only=True)
class BatchInput(RunRequest):
    """A validated request for a batch (see `BatchCreateSerializer`)."""

    rows: list[Any]
    on_invalid: str = Batch.OnInvalid.SKIP
    source_name: str = ""
    # What the apps above link to the batch, by `BatchLink.name` (`generations.batch_links`).
    links: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        material = [
            *self._version_choice(),
            self.provider,
            self.model,
            self.params,
            self.on_invalid,
            self.cache,
            self.rows,
        ]
        if self.links:  # only then: a batch recorded before links keeps its fingerprint
            material.append(
                {name: getattr(value, "pk", value) for name, value in self.links.items()}
            )
        return fingerprint(material)


@dataclass(frozen=True)
class BatchCheck:
    """What a batch would run: the answer of a dry run, and the plan of a real one."""

    run: VersionToRun
    chain: list[Any]
    params: dict[str, Any]
    checked: CheckedRows
    estimate: Estimate
    within_budget: bool | None  # None: the workspace has no budget

    @property
    def version(self) -> TemplateVersion:
        return self.run.version

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": True,
            "total": self.checked.total,
            "valid": len(self.checked.valid),
            "invalid": self.checked.invalid,
            "errors": [error.as_dict() for error in self.checked.errors],
            "ignored_columns": self.checked.ignored_columns,
            "provider": self.chain[0].provider,
            "model": self.chain[0].model,
            "estimated_input_tokens": self.estimate.input_tokens,
            "estimated_output_tokens": self.estimate.output_tokens,
            "estimated_cost": self.estimate.cost,
            "currency": "USD",
            "within_budget": self.within_budget,
        }


def _within_budget(workspace: Workspace, cost: Decimal | None) -> bool | None:
    if workspace.monthly_cost_budget is None:
        return None
    spent = quotas.spent_this_month(workspace=workspace, now=timezone.now())
    return spent + (cost or Decimal(0)) <= workspace.monthly_cost_budget


def _check_limits(*, workspace: Workspace, user: User | None, check: BatchCheck) -> None:
    """Refuse a batch that the budget or token quota cannot cover as a whole; better than
    failing its last thousand rows."""
    quotas.check_workspace_budget(workspace=workspace)
    quotas.check_workspace_tokens(workspace=workspace)
    now = timezone.now()
    if check.within_budget is False:
        spent = quotas.spent_this_month(workspace=workspace, now=now)
        raise quotas.budget_exceeded(
            _(
                "This batch is estimated at $%(cost)s; with $%(spent)s of the $%(budget)s "
                "monthly budget spent it would exceed it. Run fewer rows, or wait until the "
                "budget resets on %(resets)s (UTC)."
            ),
            {
                "cost": f"{check.estimate.cost:.2f}",
                "spent": f"{spent:.2f}",
                "budget": f"{workspace.monthly_cost_budget:.2f}",
            },
            now=now,
        )
    if workspace.daily_token_quota is not None:
        used = quotas.tokens_today(workspace=workspace, now=now)
        wanted = check.estimate.input_tokens + check.estimate.output_tokens
        if used + wanted > workspace.daily_token_quota:
            raise quotas.token_quota_exceeded(
                _(
                    "This batch is estimated at %(wanted)s tokens; with %(used)s of the daily "
                    "quota of %(quota)s used it would exceed it."
                ),
                {
                    "wanted": f"{wanted:,}",
                    "used": f"{used:,}",
                    "quota": f"{workspace.daily_token_quota:,}",
                },
                now=now,
            )
    if user is not None:
        quotas.check_user_pace(user=user)


def batch_check(*, data: BatchInput) -> BatchCheck:
    """Validate every row and estimate the batch; nothing is written (a dry run)."""
    workspace = data.template.workspace
    for name, value in data.links.items():
        batch_link(name).check(value=value, workspace=workspace)
    # Resolved once: every row runs this version, wherever the label moves meanwhile.
    run = version_to_run(data.template, data.version, label=data.label, split_key=data.split_key)
    version = run.version
    chain = fallback_chain(
        provider=data.provider, model=data.model, version=version, workspace=workspace
    )
    params = {**(version.defaults or {}).get("params", {}), **data.params}
    check_target(provider=chain[0].provider, model=chain[0].model, params=params)
    check_columns(version=version, rows=data.rows, field="file" if data.source_name else "rows")
    checked = check_rows(version=version, rows=data.rows)
    batch_estimate = estimate(checked=checked, target=chain[0], params=params)
    return BatchCheck(
        run=run,
        chain=chain,
        params=params,
        checked=checked,
        estimate=batch_estimate,
        within_budget=_within_budget(workspace, batch_estimate.cost),
    )


def _refuse_invalid(check: BatchCheck, on_invalid: str) -> None:
    checked = check.checked
    if not checked.valid:
        raise BatchRowsInvalid(
            _("None of the %(total)d rows is valid: nothing to run.") % {"total": checked.total},
            row_errors=checked.errors,
        )
    if checked.invalid and on_invalid == Batch.OnInvalid.REJECT:
        raise BatchRowsInvalid(
            _(
                "%(invalid)d of %(total)d rows are invalid; the batch was not started "
                "(on_invalid=reject). Fix them, or send on_invalid=skip to run the valid rows."
            )
            % {"invalid": checked.invalid, "total": checked.total},
            row_errors=checked.errors,
        )


def _row_generations(batch: Batch, check: BatchCheck) -> Any:
    chain = [[target.provider, target.model] for target in check.chain]
    for number, rendered in check.checked.valid:
        yield Generation(
            workspace_id=batch.workspace_id,
            user_id=batch.user_id,
            template_version=check.version,
            label=batch.label,
            label_arm=batch.label_arm,
            batch=batch,
            batch_row=number,
            variables=rendered.variables,
            rendered_prompt=rendered.prompt,
            system_prompt=rendered.system_prompt,
            provider=chain[0][0],
            model=chain[0][1],
            params=check.params,
            provider_chain=chain,
            mode=Generation.Mode.BATCH,
            use_cache=batch.use_cache,
        )


def _record_input_rows(batch: Batch, rows: list[Any], check: BatchCheck) -> None:
    """Keep every input row as sent (invalid ones and extra columns too), each valid one linked
    to its generation, for the rows list and the results files."""
    why_invalid = check.checked.why_invalid
    BatchRow.objects.bulk_create(
        (
            BatchRow(
                batch=batch,
                row=number,
                input=[[str(k), v] for k, v in values.items()] if isinstance(values, dict) else [],
                error=why_invalid.get(number, ""),
            )
            for number, values in enumerate(rows, start=1)
        ),
        batch_size=INSERT_CHUNK,
    )
    generation_of_row = Generation.objects.filter(batch=batch, batch_row=OuterRef("row"))
    BatchRow.objects.filter(batch=batch).update(
        generation=Subquery(generation_of_row.values("pk")[:1])
    )


def batch_create(
    *,
    user: User | None,
    data: BatchInput,
    idempotency_key: str | None = None,
    enqueue: bool = True,
) -> tuple[Batch, bool]:
    """Check every row, then record the batch with one `queued` generation per valid row and
    run it in a worker once committed (unless `enqueue` is False: the caller runs it). Returns
    `(batch, created)`; a repeated `idempotency_key` with the same request returns the first."""
    idempotent = Idempotent.of(Batch, data=data, user=user, key=idempotency_key, what="batch")
    batch, created = idempotent.replay_or(lambda: _batch_check_and_record(data, idempotent))
    if created and enqueue:
        batch_enqueue(batch=batch)
    return batch, created


def _batch_check_and_record(data: BatchInput, idempotent: Idempotent[Batch]) -> tuple[Batch, bool]:
    check = batch_check(data=data)
    _refuse_invalid(check, data.on_invalid)
    _check_limits(workspace=idempotent.workspace, user=idempotent.user, check=check)
    return idempotent.record(lambda: _record_batch(data=data, check=check, idempotent=idempotent))


@transaction.atomic
def _record_batch(*, data: BatchInput, check: BatchCheck, idempotent: Idempotent[Batch]) -> Batch:
    """The batch, one `queued` generation per valid row, and every input row as sent."""
    batch = Batch.objects.create(
        workspace=idempotent.workspace,
        user=idempotent.user,
        template_version=check.version,
        label=check.run.label,
        label_arm=check.run.arm,
        provider=check.chain[0].provider,
        model=check.chain[0].model,
        params=check.params,
        provider_chain=[[target.provider, target.model] for target in check.chain],
        use_cache=data.cache,
        on_invalid=data.on_invalid,
        source_name=data.source_name[:255],
        total=len(check.checked.valid),
        invalid=check.checked.invalid,
        errors=[error.as_dict() for error in check.checked.errors],
        ignored_columns=check.checked.ignored_columns,
        estimated_cost=check.estimate.cost,
        estimated_input_tokens=check.estimate.input_tokens,
        estimated_output_tokens=check.estimate.output_tokens,
        idempotency_key=idempotent.key or "",
        request_fingerprint=idempotent.fingerprint,
    )
    rows = _row_generations(batch, check)
    while chunk := list(islice(rows, INSERT_CHUNK)):
        Generation.objects.bulk_create(chunk)
    _record_input_rows(batch, data.rows, check)
    for name, value in data.links.items():
        batch_link(name).attach(batch=batch, value=value)
    return batch


def batch_enqueue(*, batch: Batch, runners: int | None = None) -> None:
    """Work through the batch in Celery workers once the current transaction has committed: one
    task per runner (`BATCH_RUNNERS` unless told), each working through it in its own process
    while a lease is free (see `batch_runs`)."""
    from generations.tasks import process_batch  # tasks import services: import at call time

    for _runner in range(runners or settings.BATCH_RUNNERS):
        send_after_commit(process_batch, batch.pk)


# --- steering -------------------------------------------------------------------------------------
def batch_cancel(*, batch: Batch) -> Batch:
    """Stop the rows not yet started; rows already running finish and keep their result."""
    with transaction.atomic():
        moved = Batch.objects.filter(pk=batch.pk, status__in=Batch.ACTIVE).update(
            status=Status.CANCELLED, finished_at=timezone.now()
        )
        if not moved:
            batch.refresh_from_db()
            raise ConflictError(
                _("This batch is %(status)s: only queued or running batches can be cancelled.")
                % {"status": batch.status}
            )
        Generation.objects.filter(batch=batch, status=Generation.Status.QUEUED).update(
            status=Generation.Status.CANCELLED, finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def batch_retry_failed(*, batch: Batch) -> Batch:
    """Run the batch's failed rows again (the same rows, so each still ends exactly once as one
    generation); only once the batch has finished. Its exports are unpublished and removed: new
    ones are written when it finishes again."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in Batch.FINISHED or batch_runners_live().filter(batch=batch).exists():
            raise ConflictError(
                _("This batch is %(status)s: failed rows can be retried once it has finished.")
                % {"status": locked.status}
            )
        requeued = Generation.objects.filter(batch=batch, status=Generation.Status.FAILED).update(
            status=Generation.Status.QUEUED,
            run_token="",
            error="",
            finish_reason="",
            started_at=None,
            finished_at=None,
            latency_ms=None,
        )
        if not requeued:
            raise DomainError(_("This batch has no failed rows to retry."))
        Batch.objects.filter(pk=batch.pk).update(
            status=Status.QUEUED,
            finished_at=None,
            started_at=None,
            results_csv="",
            results_jsonl="",
        )
        exports = [locked.results_csv.name, locked.results_jsonl.name]
        transaction.on_commit(lambda: remove_exports(exports))
        batch_enqueue(batch=batch)
    batch.refresh_from_db()
    return batch
