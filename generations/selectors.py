from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Workspace
from generations.models import Batch, Generation, ModelPrice
from generations.providers import PROVIDERS
from generations.services.circuit import circuit_state
from generations.services.credentials import provider_for, workspace_credentials


def generation_list() -> QuerySet[Generation]:
    return Generation.objects.select_related("template_version__template", "user")


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
                label=adapter.label,
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
    same query (counts are never stored, so they cannot drift)."""
    counts = {
        status: Count("generations", filter=Q(generations__status=status))
        for status in _BATCH_ROW_STATUSES
    }
    batches = Batch.objects.select_related("template_version__template", "user")
    return batches.order_by("-created_at", "-id").annotate(
        **counts,
        cost=Sum("generations__cost"),
        # Rows the current run finished: the base of its throughput.
        run_done=Count(
            "generations",
            filter=Q(
                generations__status__in=["succeeded", "failed"],
                generations__finished_at__gte=F("started_at"),
            ),
        ),
    )


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


def batch_pace(batch: Batch, *, now: datetime | None = None) -> BatchPace:
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
