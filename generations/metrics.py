"""Prometheus metrics of generations, named as the design document defines them; exposed by
`analytics.metrics`."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

GENERATIONS_TOTAL = Counter(
    "generations_total", "Total number of content generations", ["status", "provider"]
)
GENERATION_DURATION = Histogram(
    "generation_duration_seconds",
    "Time spent generating content",
    ["provider"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80),
)
GENERATION_TOKENS = Counter(
    "generation_tokens_total", "Tokens used by generations", ["provider", "direction"]
)
GENERATION_COST = Counter("generation_cost_usd_total", "Cost of generations in USD", ["provider"])
GENERATION_CACHE_HITS = Counter(
    "generation_cache_hits_total", "Generations answered from the result cache", ["provider"]
)


def record_generation(
    *,
    status: str,
    provider: str,
    seconds: float | None,
    input_tokens: int,
    output_tokens: int,
    cost: float,
    cache_hit: bool,
) -> None:
    GENERATIONS_TOTAL.labels(status, provider).inc()
    if seconds is not None:
        GENERATION_DURATION.labels(provider).observe(seconds)
    if cache_hit:
        GENERATION_CACHE_HITS.labels(provider).inc()
        return
    GENERATION_TOKENS.labels(provider, "input").inc(input_tokens)
    GENERATION_TOKENS.labels(provider, "output").inc(output_tokens)
    GENERATION_COST.labels(provider).inc(cost)
