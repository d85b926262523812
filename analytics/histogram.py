"""Latency histograms: how rolled-up hours keep enough of the latency distribution for p50/p95.

Percentiles cannot be added up, so every rollup row keeps a count per latency bucket and a period's
percentiles are estimated from the merged counts. The buckets are log-spaced, four per doubling
(edges `round(10 · 2^(i/4))` ms from 10 ms to about 11 minutes), so each is ~19% wider than its
lower edge (up to 21% below 50 ms, where rounding to whole ms bites). The estimate interpolates
linearly inside the bucket holding the wanted rank: it never leaves that bucket, and on smooth
distributions it lands within a few per cent of the exact value (tests/analytics). Edges are whole
milliseconds so that SQL (`latency_ms >= lo AND latency_ms < hi`) and Python (`bisect`) put a value
in the same bucket.

Rows read live (not rolled up yet) keep their exact latencies: a period with no rolled-up hour gets
exact percentiles, with linear interpolation between closest ranks, as PostgreSQL's
`percentile_cont` and NumPy's default do.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

EDGES: tuple[int, ...] = tuple(round(10 * 2 ** (i / 4)) for i in range(65))
BUCKETS = len(EDGES) + 1  # [0, 10), [10, 12), ..., [655360, ∞)
FIELDS: tuple[str, ...] = tuple(f"h{index:02d}" for index in range(BUCKETS))


def bucket_index(latency_ms: int) -> int:
    return bisect_right(EDGES, latency_ms)


def bucket_bounds(index: int) -> tuple[int, int | None]:
    """`[low, high)` of a bucket, in ms; the last bucket has no upper edge."""
    low = 0 if index == 0 else EDGES[index - 1]
    high = EDGES[index] if index < len(EDGES) else None
    return low, high


def histogram_of(latencies: Iterable[int]) -> list[int]:
    counts = [0] * BUCKETS
    for latency in latencies:
        counts[bucket_index(latency)] += 1
    return counts


def exact_percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks; `values` must be sorted."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def histogram_percentile(counts: Sequence[int], fraction: float) -> float | None:
    """Estimate from bucket counts: find the bucket holding rank `fraction · (n - 1)` and place the
    value linearly inside it, each of its items taking the middle of an equal slice."""
    total = sum(counts)
    if not total:
        return None
    rank = fraction * (total - 1)
    seen = 0
    for index, count in enumerate(counts):
        if count and rank < seen + count:
            low, high = bucket_bounds(index)
            if high is None:  # beyond the last edge nothing is known but the lower bound
                return float(low)
            # Between this bucket's last item and the next bucket's first, stay in this one.
            return low + (high - low) * min((rank - seen + 0.5) / count, 1.0)
        seen += count
    return None  # unreachable: rank < total


def merge(into: list[int], counts: Sequence[int]) -> list[int]:
    for index, count in enumerate(counts):
        into[index] += count
    return into
