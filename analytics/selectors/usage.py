"""The one query engine behind every report: finished generations of a workspace over a period,
summed per time bucket and per group, from the rollups where they reach and live elsewhere.

The period splits in two. Whole UTC hours before the rollup watermark come from the rollup tables;
everything else — the hours since the last rollup run, and the part-hours at the edges of a period
in a zone with a half-hour offset — is aggregated from `generations_generation` directly. Answers
are therefore right whether or not the rollup has run; the rollup only makes them fast. Day buckets
need each local day to be whole UTC hours, so in a zone where it is not (Asia/Kolkata, ...) a
day-by-day report reads everything live: correct, only slower. Hourly buckets are always UTC hours.

Live rows keep their latencies, so a bucket with no rolled-up hour gets exact percentiles; a bucket
with some is estimated from the merged histogram (`analytics.histogram`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import TruncDate, TruncHour

from analytics.aggregates import (
    MEASURES,
    generation_measures,
    rollup_sums,
    with_first_choice,
)
from analytics.histogram import BUCKETS, FIELDS, exact_percentile, histogram_of, merge
from analytics.histogram import histogram_percentile as estimate
from analytics.models import HourlyRollup, HourlyTemplateRollup, RollupState
from analytics.selectors.period import Period, ceil_hour
from generations.models import Generation

# group name → (field on the rollup row, expression on a generation)
ROUTE_GROUPS: dict[str, tuple[str, Any]] = {
    "provider": ("provider", F("provider")),
    "model": ("model", F("model")),
    "status": ("status", F("status")),
}
TEMPLATE_GROUPS: dict[str, tuple[str, Any]] = {
    "template": ("template_id", F("template_version__template")),
    "user": ("user_id", F("user_id")),
}
GROUPS = {**ROUTE_GROUPS, **TEMPLATE_GROUPS}

Bucket = date | datetime | None
Key = tuple[Any, ...]  # (bucket, *group values)


@dataclass
class Totals:
    generations: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    cache_hits: int = 0
    fallbacks: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: Decimal = Decimal(0)
    latency_count: int = 0
    latency_sum_ms: int = 0
    rating_count: int = 0
    rating_sum: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    latencies: list[int] = field(default_factory=list)  # exact, from live rows

    def add(self, row: dict[str, Any]) -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + (row.get(name) or 0))
        if FIELDS[0] in row:
            merge(self.histogram, [row[name] for name in FIELDS])

    def absorb(self, other: Totals) -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        merge(self.histogram, other.histogram)
        self.latencies.extend(other.latencies)

    def percentile(self, fraction: float) -> float | None:
        if not any(self.histogram):
            value = exact_percentile(sorted(self.latencies), fraction)
        else:
            value = estimate(merge(histogram_of(self.latencies), self.histogram), fraction)
        return None if value is None else round(value, 1)

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def _ratio(self, part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def success_rate(self) -> float | None:
        return self._ratio(self.succeeded, self.generations)

    @property
    def error_rate(self) -> float | None:
        return self._ratio(self.failed, self.generations)

    @property
    def cache_hit_ratio(self) -> float | None:
        return self._ratio(self.cache_hits, self.generations)

    @property
    def average_rating(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None

    @property
    def average_latency_ms(self) -> float | None:
        return round(self.latency_sum_ms / self.latency_count, 1) if self.latency_count else None


def rollup_watermark() -> datetime | None:
    return RollupState.objects.filter(name="hourly").values_list("rolled_up_to", flat=True).first()


def _rollup_range(period: Period, interval: str | None) -> tuple[datetime, datetime] | None:
    watermark = rollup_watermark()
    if watermark is None or (interval == "day" and not period.whole_hour_offsets):
        return None
    start = ceil_hour(period.start_utc)
    end = min(period.end_utc.replace(minute=0, second=0, microsecond=0), watermark)
    return (start, end) if start < end else None


def _normal_bucket(value: Any) -> Bucket:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def _rollup_rows(
    *,
    workspace_id: int,
    period: Period,
    span: tuple[datetime, datetime],
    interval: str | None,
    group_by: Sequence[str],
    latency: bool,
) -> Any:
    model = HourlyTemplateRollup if set(group_by) & set(TEMPLATE_GROUPS) else HourlyRollup
    rows = model.objects.filter(workspace_id=workspace_id, hour__gte=span[0], hour__lt=span[1])
    annotations: dict[str, Any] = {f"k_{name}": F(GROUPS[name][0]) for name in group_by}
    if interval == "day":
        annotations["bucket"] = TruncDate("hour", tzinfo=period.tz)
    elif interval == "hour":
        annotations["bucket"] = F("hour")
    return _grouped(rows.annotate(**annotations), list(annotations), rollup_sums(histogram=latency))


def _live_generations(
    *,
    workspace_id: int,
    period: Period,
    span: tuple[datetime, datetime] | None,
    interval: str | None,
    group_by: Sequence[str],
) -> Any:
    window = Q(created_at__gte=period.start_utc, created_at__lt=period.end_utc)
    if span is not None:
        # Two index ranges around the rolled-up span, not one range with a hole: PostgreSQL can
        # then read only the rows it needs from the (workspace, created_at) index.
        window = Q(created_at__gte=period.start_utc, created_at__lt=span[0]) | Q(
            created_at__gte=span[1], created_at__lt=period.end_utc
        )
    rows = Generation.objects.filter(window, workspace_id=workspace_id)
    rows = rows.filter(status__in=Generation.FINISHED)
    annotations: dict[str, Any] = {f"k_{name}": GROUPS[name][1] for name in group_by}
    if interval == "day":
        annotations["bucket"] = TruncDate("created_at", tzinfo=period.tz)
    elif interval == "hour":
        annotations["bucket"] = TruncHour("created_at", tzinfo=UTC)
    return with_first_choice(rows).annotate(**annotations), list(annotations)


def _grouped(rows: Any, fields: list[str], aggregates: dict[str, Any]) -> list[dict[str, Any]]:
    if not fields:  # `values()` with no fields would group by every column: one row per row
        return [rows.aggregate(**aggregates)]
    return list(rows.values(*fields).annotate(**aggregates).order_by())


def usage_totals(
    *,
    workspace_id: int,
    period: Period,
    interval: str | None = None,
    group_by: Sequence[str] = (),
    latency: bool = False,
) -> dict[Key, Totals]:
    """`{(bucket, *group values): Totals}` for the finished generations of the period; buckets are
    local dates (`day`), UTC hour starts (`hour`) or None. Only non-empty keys appear.
    `latency` adds what percentiles need (histograms, live latencies)."""
    if set(group_by) & set(ROUTE_GROUPS) and set(group_by) & set(TEMPLATE_GROUPS):
        raise ValueError("Group by route fields or by template/user, not both.")
    totals: dict[Key, Totals] = defaultdict(Totals)

    def key_of(row: dict[str, Any]) -> Key:
        return (_normal_bucket(row.get("bucket")), *(row[f"k_{name}"] for name in group_by))

    span = _rollup_range(period, interval)
    if span is not None:
        for row in _rollup_rows(
            workspace_id=workspace_id,
            period=period,
            span=span,
            interval=interval,
            group_by=group_by,
            latency=latency,
        ):
            totals[key_of(row)].add(row)
    live, fields = _live_generations(
        workspace_id=workspace_id, period=period, span=span, interval=interval, group_by=group_by
    )
    for row in _grouped(live, fields, generation_measures(histogram=False)):
        totals[key_of(row)].add(row)
    if latency:
        timed = live.filter(latency_ms__isnull=False).values_list(*fields, "latency_ms")
        for *values, latency_ms in timed.order_by().iterator(chunk_size=5000):
            totals[key_of(dict(zip(fields, values, strict=True)))].latencies.append(latency_ms)
    return dict(totals)


def combined(totals: dict[Key, Totals]) -> Totals:
    whole = Totals()
    for part in totals.values():
        whole.absorb(part)
    return whole
