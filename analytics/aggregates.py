"""The aggregate expressions shared by the rollup (which stores them) and live reads (which compute
them on the fly): one definition, so the two cannot drift apart."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from analytics.histogram import EDGES, FIELDS
from generations.models import Generation, GenerationRating

Status = Generation.Status

# Summable measures, in both rollup tables and in `Totals`.
MEASURES: tuple[str, ...] = (
    "generations",
    "succeeded",
    "failed",
    "cancelled",
    "cache_hits",
    "fallbacks",
    "input_tokens",
    "output_tokens",
    "cost",
    "latency_count",
    "latency_sum_ms",
    "rating_count",
    "rating_sum",
)

_COST = DecimalField(max_digits=18, decimal_places=6)


def with_first_choice(queryset: Any) -> Any:
    """Annotate the first (provider, model) of each generation's chain, to spot fallbacks."""
    return queryset.annotate(
        first_provider=KT("provider_chain__0__0"), first_model=KT("provider_chain__0__1")
    )


def _per_generation_ratings(aggregate: Any) -> Subquery:
    """`aggregate` over one generation's ratings (each member rates once), as a subquery: a
    join would repeat the generation's other measures once per rating."""
    ratings = GenerationRating.objects.filter(generation=OuterRef("pk")).order_by()
    return Subquery(ratings.values("generation").annotate(value=aggregate).values("value"))


def generation_measures(*, histogram: bool) -> dict[str, Any]:
    """Aggregates over `Generation` rows (annotated by `with_first_choice`)."""
    # A fallback: it succeeded, but not with the first choice of its chain.
    fallback = Q(status=Status.SUCCEEDED, first_provider__isnull=False) & (
        ~Q(first_provider=F("provider")) | ~Q(first_model=F("model"))
    )
    measures: dict[str, Any] = {
        "generations": Count("id"),
        "succeeded": Count("id", filter=Q(status=Status.SUCCEEDED)),
        "failed": Count("id", filter=Q(status=Status.FAILED)),
        "cancelled": Count("id", filter=Q(status=Status.CANCELLED)),
        "cache_hits": Count("id", filter=Q(cache_hit=True)),
        "fallbacks": Count("id", filter=fallback),
        "input_tokens": Coalesce(Sum("input_tokens"), 0),
        "output_tokens": Coalesce(Sum("output_tokens"), 0),
        "cost": Coalesce(Sum("cost"), Decimal(0), output_field=_COST),
        "latency_count": Count("latency_ms"),
        "latency_sum_ms": Coalesce(Sum("latency_ms"), 0),
        "rating_count": Coalesce(Sum(_per_generation_ratings(Count("id"))), 0),
        "rating_sum": Coalesce(Sum(_per_generation_ratings(Sum("rating"))), 0),
    }
    if histogram:
        lows = (0, *EDGES)
        for index, name in enumerate(FIELDS):
            bucket = Q(latency_ms__gte=lows[index])
            if index < len(EDGES):
                bucket &= Q(latency_ms__lt=EDGES[index])
            measures[name] = Count("id", filter=bucket)
    return measures


def rollup_sums(*, histogram: bool) -> dict[str, Any]:
    """Aggregates over rollup rows: the sum of each stored measure."""
    names = MEASURES + (FIELDS if histogram else ())
    sums: dict[str, Any] = {name: Coalesce(Sum(name), 0) for name in names}
    sums["cost"] = Coalesce(Sum("cost"), Decimal(0), output_field=_COST)
    return sums
