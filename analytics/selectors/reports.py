"""Reports built on `usage_totals`: the summary, time series, top templates, providers, and the
rows of the CSV exports. Each returns plain data for a serializer or a CSV writer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from analytics.selectors.period import Period
from analytics.selectors.usage import Key, Totals, combined, usage_totals
from templates_app.models import Template

COST_PLACES = Decimal("0.000001")
METRICS: dict[str, Callable[[Totals], Any]] = {
    "count": lambda t: t.generations,
    "cost": lambda t: float(t.cost.quantize(COST_PLACES)),
    "tokens": lambda t: t.tokens,
    "latency_p95": lambda t: t.percentile(0.95),
    "error_rate": lambda t: t.error_rate,
}


def _cost(value: Decimal) -> str:
    return str(value.quantize(COST_PLACES))


def figures(totals: Totals) -> dict[str, Any]:
    """The summary's figures for any set of generations."""
    return {
        "generations": totals.generations,
        "succeeded": totals.succeeded,
        "failed": totals.failed,
        "cancelled": totals.cancelled,
        "success_rate": totals.success_rate,
        "error_rate": totals.error_rate,
        "cache_hits": totals.cache_hits,
        "cache_hit_ratio": totals.cache_hit_ratio,
        "input_tokens": totals.input_tokens,
        "output_tokens": totals.output_tokens,
        "cost": _cost(totals.cost),
        "latency_p50_ms": totals.percentile(0.5),
        "latency_p95_ms": totals.percentile(0.95),
        "average_rating": totals.average_rating,
        "ratings": totals.rating_count,
        "fallbacks": totals.fallbacks,
    }


def analytics_summary(*, workspace_id: int, period: Period) -> dict[str, Any]:
    totals = usage_totals(workspace_id=workspace_id, period=period, latency=True)
    return figures(combined(totals))


# --- labels of group keys -------------------------------------------------------------------------
def _labels(group_by: str, values: Iterable[Any]) -> dict[Any, tuple[str, str]]:
    """`{value: (key, label)}`: template ids and user ids become slugs and emails."""
    values = set(values)
    if group_by == "template":
        rows = Template.objects.filter(pk__in=values).values_list("pk", "slug", "name")
        return {pk: (slug, name) for pk, slug, name in rows}
    if group_by == "user":
        emails = User.objects.filter(pk__in=values - {None}).values_list("pk", "email")
        no_user = _("(no user)")
        return {None: (no_user, no_user), **{pk: (email, email) for pk, email in emails}}
    return {value: (str(value), str(value)) for value in values}


def bucket_start(bucket: date | datetime, period: Period) -> datetime:
    """Where a bucket starts, in the period's zone: local midnight, or the UTC hour shown there."""
    if isinstance(bucket, datetime):
        return bucket.astimezone(period.tz)
    return datetime.combine(bucket, time(0), tzinfo=period.tz)


def _buckets(period: Period, interval: str) -> list[date | datetime]:
    return list(period.days()) if interval == "day" else list(period.hours())


def analytics_timeseries(
    *, workspace_id: int, period: Period, metric: str, interval: str, group_by: str | None
) -> dict[str, Any]:
    """One series per group (or one for everything), each with a point for every bucket of the
    period, empty ones included (0, or null where a ratio or percentile has nothing to go on)."""
    groups = (group_by,) if group_by else ()
    totals = usage_totals(
        workspace_id=workspace_id,
        period=period,
        interval=interval,
        group_by=groups,
        latency=metric == "latency_p95",
    )
    by_group: dict[Any, dict[Any, Totals]] = defaultdict(dict)
    for (bucket, *group), part in totals.items():
        by_group[group[0] if group else None][bucket] = part
    if not group_by:
        by_group.setdefault(None, {})
    labels = _labels(group_by, by_group) if group_by else {None: (None, _("All"))}
    value_of = METRICS[metric]
    series: list[dict[str, Any]] = []
    for group, parts in by_group.items():
        key, label = labels.get(group, (str(group), str(group)))
        points = [
            {
                "t": bucket_start(bucket, period).isoformat(),
                "value": value_of(parts[bucket]) if bucket in parts else value_of(Totals()),
            }
            for bucket in _buckets(period, interval)
        ]
        volume = sum(part.generations for part in parts.values())
        series.append(
            {
                "key": key,
                "id": group if group_by in ("template", "user") else None,
                "label": label,
                "total_generations": volume,
                "points": points,
            }
        )
    series.sort(key=lambda s: (-s["total_generations"], str(s["key"])))
    return {"interval": interval, "metric": metric, "group_by": group_by, "series": series}


def analytics_top_templates(
    *, workspace_id: int, period: Period, order_by: str = "generations", limit: int = 10
) -> list[dict[str, Any]]:
    totals = usage_totals(
        workspace_id=workspace_id, period=period, group_by=("template",), latency=True
    )
    labels = _labels("template", (key[1] for key in totals))
    rows = [
        {
            "template_id": key[1],
            "slug": labels[key[1]][0],
            "name": labels[key[1]][1],
            **figures(part),
        }
        for key, part in totals.items()
    ]
    rows.sort(key=lambda row: (-Decimal(row[order_by]), row["slug"]))
    return rows[:limit]


def analytics_providers(*, workspace_id: int, period: Period) -> list[dict[str, Any]]:
    """Per provider; `fallbacks` counts the generations it answered after the first choice of the
    chain failed, `error_rate` the failed share of those it was the final provider of."""
    by_model = usage_totals(
        workspace_id=workspace_id, period=period, group_by=("provider", "model"), latency=True
    )
    providers: dict[str, dict[Key, Totals]] = defaultdict(dict)
    for key, part in by_model.items():
        providers[key[1]][key] = part
    rows = []
    for provider, parts in providers.items():
        row = {"provider": provider, **figures(combined(parts))}
        row["models"] = sorted(
            ({"model": key[2], **figures(part)} for key, part in parts.items()),
            key=lambda m: (-m["generations"], m["model"]),
        )
        rows.append(row)
    rows.sort(key=lambda row: (-row["generations"], row["provider"]))
    return rows


# --- CSV reports ----------------------------------------------------------------------------------
USAGE_COLUMNS = [
    "period_start",
    "group",
    "generations",
    "succeeded",
    "failed",
    "cancelled",
    "success_rate",
    "cache_hits",
    "input_tokens",
    "output_tokens",
    "cost_usd",
    "latency_p50_ms",
    "latency_p95_ms",
    "average_rating",
]
COST_COLUMNS = [
    "template_id",
    "template",
    "user_id",
    "user",
    "generations",
    "succeeded",
    "input_tokens",
    "output_tokens",
    "cost_usd",
]


def analytics_usage_rows(
    *, workspace_id: int, period: Period, interval: str, group_by: str | None
) -> list[list[Any]]:
    """One row per bucket (and group) that had generations, oldest first."""
    groups = (group_by,) if group_by else ()
    totals = usage_totals(
        workspace_id=workspace_id, period=period, interval=interval, group_by=groups, latency=True
    )
    labels = _labels(group_by, (key[1] for key in totals)) if group_by else {}
    rows = []
    keyed = [(key[0], labels[key[1]][0] if group_by else "", part) for key, part in totals.items()]
    for bucket, group, part in sorted(keyed, key=lambda item: item[:2]):
        rows.append(
            [
                bucket_start(bucket, period).isoformat(),
                group,
                part.generations,
                part.succeeded,
                part.failed,
                part.cancelled,
                part.success_rate,
                part.cache_hits,
                part.input_tokens,
                part.output_tokens,
                _cost(part.cost),
                part.percentile(0.5),
                part.percentile(0.95),
                part.average_rating,
            ]
        )
    return rows


def analytics_cost_rows(*, workspace_id: int, period: Period) -> list[list[Any]]:
    """Cost per template and user, most expensive first."""
    totals = usage_totals(workspace_id=workspace_id, period=period, group_by=("template", "user"))
    templates = _labels("template", (key[1] for key in totals))
    users = _labels("user", (key[2] for key in totals))
    ordered = sorted(
        totals.items(),
        key=lambda item: (-item[1].cost, templates[item[0][1]][0], users[item[0][2]][0]),
    )
    return [
        [
            template,
            templates[template][0],
            user,
            users[user][0],
            part.generations,
            part.succeeded,
            part.input_tokens,
            part.output_tokens,
            _cost(part.cost),
        ]
        for (_bucket, template, user), part in ordered
    ]
