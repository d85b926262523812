"""Writes of the analytics app: keeping the hourly rollups current.

A run recomputes whole UTC hours from the generations table and replaces their rollup rows, so it
is idempotent and can be repeated or overlap the previous run freely. Each run also recomputes the
`ANALYTICS_ROLLUP_LOOKBACK_HOURS` before the watermark: generations are bucketed by `created_at`,
and one created in a rolled-up hour may finish (or be rated) later — a batch row queued for a while,
a rating given the next day. Older changes need `manage.py analytics_rollup --since DATE`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from analytics.aggregates import generation_measures, with_first_choice
from analytics.models import HourlyRollup, HourlyTemplateRollup, RollupState
from generations.models import Generation

STATE_NAME = "hourly"
_CHUNK = timedelta(days=1)  # one transaction per day of hours: bounded memory and lock time
_BATCH = 2000


@dataclass(frozen=True)
class RollupRun:
    start: datetime
    end: datetime
    route_rows: int
    template_rows: int


def floor_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def rollup_state_get() -> RollupState:
    state, _created = RollupState.objects.get_or_create(name=STATE_NAME)
    return state


_Rollup = TypeVar("_Rollup", HourlyRollup, HourlyTemplateRollup)


class _Hour(TypedDict):
    hour: datetime


def _finished_between(
    start: datetime, end: datetime
) -> QuerySet[WithAnnotations[Generation, _Hour]]:
    queryset = Generation.objects.filter(
        created_at__gte=start, created_at__lt=end, status__in=Generation.FINISHED
    )
    return with_first_choice(queryset).annotate(hour=TruncHour("created_at", tzinfo=UTC))


def _replace_hours(start: datetime, end: datetime) -> tuple[int, int]:
    """Rebuild the rollup rows of [start, end) inside the caller's transaction."""
    HourlyRollup.objects.filter(hour__gte=start, hour__lt=end).delete()
    HourlyTemplateRollup.objects.filter(hour__gte=start, hour__lt=end).delete()
    measures = generation_measures(histogram=True)
    finished = _finished_between(start, end)
    route = (
        finished.values("workspace_id", "hour", "provider", "model", "status")
        .annotate(**measures)
        .order_by()
    )
    by_template = (
        finished.values("workspace_id", "hour", "user_id", template=F("template_version__template"))
        .annotate(**measures)
        .order_by()
    )
    route_count = _insert(HourlyRollup, route.iterator(chunk_size=_BATCH))
    template_count = _insert(
        HourlyTemplateRollup,
        (_template_row(row) for row in by_template.iterator(_BATCH)),
    )
    return route_count, template_count


def _template_row(row: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(row)
    fields["template_id"] = fields.pop("template")
    return fields


def _insert(model: type[_Rollup], rows: Iterator[Mapping[str, Any]]) -> int:
    batch: list[_Rollup] = []
    total = 0
    for row in rows:
        batch.append(model(**row))
        if len(batch) >= _BATCH:
            model.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    model.objects.bulk_create(batch)
    return total + len(batch)


def rollup_hours(*, start: datetime, end: datetime) -> RollupRun:
    """Recompute every whole UTC hour in [start, end), a day per transaction, moving the
    watermark forward (never back) as each day is done."""
    start, end = floor_hour(start), floor_hour(end)
    rollup_state_get()  # exists before it is locked
    route_rows = template_rows = 0
    chunk_start = start
    while chunk_start < end:
        chunk_end = min(chunk_start + _CHUNK, end)
        with transaction.atomic():
            # The lock serialises concurrent runs, which would otherwise both delete and then
            # both insert the same hours.
            state = RollupState.objects.select_for_update().get(name=STATE_NAME)
            routes, templates = _replace_hours(chunk_start, chunk_end)
            if state.rolled_up_to is None or state.rolled_up_to < chunk_end:
                state.rolled_up_to = chunk_end
                state.save(update_fields=["rolled_up_to", "updated_at"])
        route_rows += routes
        template_rows += templates
        chunk_start = chunk_end
    return RollupRun(start, end, route_rows, template_rows)


def _first_generation_hour() -> datetime | None:
    first = Generation.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return floor_hour(first) if first else None


def rollup_refresh(*, now: datetime | None = None, lookback_hours: int | None = None) -> RollupRun:
    """What the beat runs: roll up every closed hour not yet rolled up, plus the lookback window.
    The first run backfills from the oldest generation."""
    end = floor_hour(now or timezone.now())
    if lookback_hours is None:
        lookback_hours = settings.ANALYTICS_ROLLUP_LOOKBACK_HOURS
    watermark = rollup_state_get().rolled_up_to
    if watermark is None:
        start = _first_generation_hour() or end
    else:
        start = min(watermark, end) - timedelta(hours=lookback_hours)
    return rollup_hours(start=start, end=end)


def rollup_rebuild(*, since: datetime | None = None, now: datetime | None = None) -> RollupRun:
    """Recompute from `since` (default: the oldest generation) up to the watermark, or up to the
    last closed hour when nothing was rolled up yet: after seeding or editing old rows."""
    end = rollup_state_get().rolled_up_to or floor_hour(now or timezone.now())
    start = floor_hour(since) if since else (_first_generation_hour() or end)
    return rollup_hours(start=start, end=end)
