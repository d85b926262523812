from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from accounts.models import User, Workspace
from generations.batch_links import batch_links
from generations.models import (
    Batch,
    BatchRow,
    BatchRunner,
    Generation,
    GenerationAttempt,
    GenerationRating,
    ModelPrice,
)
from generations.providers import PROVIDERS
from generations.services.circuit import circuit_state
from generations.services.credentials import provider_for, workspace_credentials
from generations.services.labels import provider_label

GenerationAnnotator = Callable[[QuerySet[Generation]], QuerySet[Generation]]
# What the apps above add to each generation read (the content app: the item made from it and
# its edit ratio). They register here in their `AppConfig.ready()`; this app imports none of them.
_annotators: dict[str, GenerationAnnotator] = {}


def register_generation_annotator(name: str, annotator: GenerationAnnotator) -> None:
    _annotators[name] = annotator


def claimed_generations() -> QuerySet[Generation]:
    """Generations as a worker that has just claimed them reads them to run them: with what the
    run needs, and whether they have provider calls recorded (a run before this one) in the same
    statement, so that a row run for the first time, nearly every one, needs no query for them
    (`attempts.AttemptLog`)."""
    return Generation.objects.select_related(
        "workspace", "template_version__template", "user"
    ).annotate(has_attempts=Exists(GenerationAttempt.objects.filter(generation=OuterRef("pk"))))


def generation_list() -> QuerySet[Generation]:
    """Generations with their ratings' average and count (null and 0 when unrated), and what
    the registered annotators add."""
    ratings = GenerationRating.objects.filter(generation=OuterRef("pk")).order_by()
    per_generation = ratings.values("generation")
    generations: QuerySet[Generation] = Generation.objects.select_related(
        "template_version__template", "user"
    ).annotate(
        rating_average=Subquery(per_generation.annotate(value=Avg("rating")).values("value")),
        rating_count=Coalesce(
            Subquery(per_generation.annotate(value=Count("id")).values("value")), 0
        ),
    )
    for annotate in _annotators.values():
        generations = annotate(generations)
    return generations


def with_caller_rating(queryset: QuerySet[Generation], *, user: User) -> QuerySet[Generation]:
    """Fetch `user`'s own rating of each generation as `caller_ratings` (a list of 0 or 1)."""
    mine = GenerationRating.objects.filter(user=user)
    return queryset.prefetch_related(Prefetch("ratings", queryset=mine, to_attr="caller_ratings"))


def requested_provider(generation: Generation) -> str:
    """The provider asked for first (by the request, the template or the workspace)."""
    return generation.provider_chain[0][0] if generation.provider_chain else generation.provider


def fallback_reason(generation: Generation) -> str | None:
    """Why the generation ran on another target than the first of its chain, from its recorded
    attempts: e.g. "openai: rate limited (HTTP 429) after 3 attempts"; None when it did not."""
    if generation.status != Generation.Status.SUCCEEDED or not generation.provider_chain:
        return None
    ran = [generation.provider, generation.model]
    if generation.provider_chain[0] == ran:
        return None
    failures: dict[tuple[str, str], list[str]] = {}
    for attempt in generation.attempts:
        target = (attempt.get("provider", ""), attempt.get("model", ""))
        if list(target) != ran and attempt.get("error"):
            failures.setdefault(target, []).append(attempt["error"])
    reasons = [
        f"{errors[-1]} after {len(errors)} attempt{'s' if len(errors) > 1 else ''}"
        for errors in failures.values()
    ]
    return "; ".join(reasons) or "the first choice was not tried"


@dataclass(frozen=True)
class ProviderOverview:
    name: str
    label: str
    is_offline: bool
    configured: bool
    health: str
    models: list[ModelPrice]


def provider_overview(*, workspace: Workspace | None) -> list[ProviderOverview]:
    """Every provider, configured with the workspace's own credentials when given."""
    credentials = workspace_credentials(workspace=workspace) if workspace else {}
    models_by_provider: dict[str, list[ModelPrice]] = {name: [] for name in PROVIDERS}
    for price in ModelPrice.objects.filter(is_active=True):
        models_by_provider.setdefault(price.provider, []).append(price)
    overview = []
    for name in PROVIDERS:
        adapter = provider_for(provider=name, credentials=credentials)
        overview.append(
            ProviderOverview(
                name=name,
                label=provider_label(name),
                is_offline=adapter.is_offline,
                configured=adapter.is_configured,
                health=circuit_state(name).value,
                models=models_by_provider[name],
            )
        )
    return overview


# --- batches --------------------------------------------------------------------------------------
_BATCH_ROW_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")


def batch_list() -> QuerySet[Batch]:
    """Batches with their progress counts and cost so far, aggregated from their rows in the
    same query (counts are never stored, so they cannot drift), and what the apps above link to
    them (`generations.batch_links`)."""
    counts = {
        status: Count("generations", filter=Q(generations__status=status))
        for status in _BATCH_ROW_STATUSES
    }
    batches = Batch.objects.select_related("template_version__template", "user")
    for link in batch_links():  # what the apps above link to a batch (its project)
        batches = link.prepare(batches)
    return batches.order_by("-created_at", "-id").annotate(
        **counts,
        cost=Sum("generations__cost"),
        # A runner still working through it (a cancelled batch's rows in flight).
        has_runners=Exists(batch_runners_live().filter(batch=OuterRef("pk"))),
        # Rows the current run finished: the base of its throughput.
        run_done=Count(
            "generations",
            filter=Q(
                generations__status__in=["succeeded", "failed"],
                generations__finished_at__gte=F("started_at"),
            ),
        ),
    )


def batch_runners_live() -> QuerySet[BatchRunner]:
    """The leases of the runners working through batches now: renewed lately (an older one
    belongs to a runner that died, see `services.batch_runs`)."""
    renewed_since = timezone.now() - timedelta(seconds=settings.BATCH_LEASE_SECONDS)
    return BatchRunner.objects.filter(heartbeat_at__gte=renewed_since)


@dataclass(frozen=True)
class BatchCounts:
    queued: int = 0
    running: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def finished(self) -> int:
        return self.succeeded + self.failed + self.cancelled


def batch_counts(*, batch_id: int) -> BatchCounts:
    rows = (
        Generation.objects.filter(batch_id=batch_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return BatchCounts(**{status: n for status, n in rows if status in _BATCH_ROW_STATUSES})


@dataclass(frozen=True)
class BatchPace:
    throughput: float | None  # rows per second in the current run
    eta_seconds: int | None


class BatchRunColumns(TypedDict):
    """What `batch_list` annotates a batch with, of what `batch_pace` and `batch_settled` read."""

    run_done: int
    queued: int
    running: int
    has_runners: bool


def batch_settled(batch: WithAnnotations[Batch, BatchRunColumns]) -> bool:
    """Whether the batch has finished and no runner is still at work on it (a cancelled batch's
    rows in flight): its results are final."""
    return batch.status in Batch.FINISHED and not batch.has_runners


def batch_pace(
    batch: WithAnnotations[Batch, BatchRunColumns], *, now: datetime | None = None
) -> BatchPace:
    """Throughput and time left, from an annotated batch (`batch_list`)."""
    started = batch.started_at
    if started is None or not getattr(batch, "run_done", 0):
        return BatchPace(None, None)
    end = batch.finished_at if batch.status in Batch.FINISHED and batch.finished_at else None
    elapsed = ((end or now or timezone.now()) - started).total_seconds()
    if elapsed <= 0:
        return BatchPace(None, None)
    throughput = batch.run_done / elapsed
    left = batch.queued + batch.running
    eta = math.ceil(left / throughput) if left and end is None else (0 if end is None else None)
    return BatchPace(round(throughput, 2), eta)


# --- a batch's input rows -------------------------------------------------------------------------
INVALID = "invalid"  # the status of an input row that was not run: it failed validation
BATCH_INPUT_ROW_STATUSES = (*_BATCH_ROW_STATUSES, INVALID)


def batch_rows(*, batch: Batch, status: str | None = None) -> QuerySet[BatchRow]:
    """Every input row of the batch in input order, with its generation; `status` narrows them
    to one of `BATCH_INPUT_ROW_STATUSES`."""
    rows = BatchRow.objects.filter(batch=batch).select_related("generation").order_by("row")
    rows = rows.only(
        "row", "input", "error", "generation__status", "generation__output",
        "generation__error", "generation__input_tokens", "generation__output_tokens",
        "generation__cost",
    )  # fmt: skip
    if status == INVALID:
        return rows.filter(generation__isnull=True)
    if status:
        return rows.filter(generation__status=status)
    return rows


def batch_row_result(row: BatchRow) -> dict[str, Any]:
    """One input row as the rows list and the results files show it."""
    generation = row.generation
    return {
        "row": row.row,
        "status": generation.status if generation else INVALID,
        "input": dict(row.input),
        "output": generation.output if generation else "",
        "error": generation.error if generation else row.error,
        "input_tokens": generation.input_tokens if generation else 0,
        "output_tokens": generation.output_tokens if generation else 0,
        "cost": generation.cost if generation else None,
        "generation": generation.pk if generation else None,
    }


def batch_columns(*, batch: Batch) -> list[str]:
    """The input's columns in the order they first appear (a CSV's header order)."""
    columns: dict[str, None] = {}
    for pairs in BatchRow.objects.filter(batch=batch).values_list("input", flat=True).iterator():
        for name, _value in pairs:
            columns.setdefault(name)
    return list(columns)
