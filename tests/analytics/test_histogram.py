from __future__ import annotations

import random
from itertools import pairwise

import pytest

from analytics.histogram import (
    BUCKETS,
    EDGES,
    bucket_bounds,
    bucket_index,
    exact_percentile,
    histogram_of,
    histogram_percentile,
)


def test_buckets_are_four_per_doubling_in_whole_milliseconds() -> None:
    assert EDGES[:5] == (10, 12, 14, 17, 20)
    assert EDGES[4::4][:4] == (20, 40, 80, 160)
    assert len(EDGES) + 1 == BUCKETS
    # 2^(1/4) ≈ 1.19, a little more where rounding to whole ms bites (14 → 17).
    assert all(high / low < 1.22 for low, high in pairwise(EDGES))
    assert all(high / low < 1.2 for low, high in pairwise(EDGES[20:]))


@pytest.mark.parametrize(
    ("latency", "index"), [(0, 0), (9, 0), (10, 1), (11, 1), (12, 2), (655359, 64), (10**9, 65)]
)
def test_bucket_index_matches_the_sql_bounds(latency: int, index: int) -> None:
    assert bucket_index(latency) == index
    low, high = bucket_bounds(index)
    assert low <= latency and (high is None or latency < high)


def test_exact_percentile_interpolates_between_closest_ranks() -> None:
    values = [10, 100, 200, 400, 800]
    assert exact_percentile(values, 0.5) == 200
    assert exact_percentile(values, 0.95) == pytest.approx(720)
    assert exact_percentile([7], 0.95) == 7
    assert exact_percentile([], 0.5) is None


def test_histogram_estimate_stays_in_the_bucket_of_the_rank() -> None:
    # One value of 100 ms: in [95, 113), estimated at the middle of its bucket.
    assert histogram_percentile(histogram_of([100]), 0.5) == pytest.approx((95 + 113) / 2)
    assert histogram_percentile([0] * BUCKETS, 0.5) is None
    # Beyond the last edge only the lower bound is known.
    assert histogram_percentile(histogram_of([10**7]), 0.5) == EDGES[-1]


def test_histogram_estimate_is_close_on_realistic_latencies() -> None:
    rng = random.Random(7)
    values = sorted(round(rng.lognormvariate(0, 0.6) * 1200) for _ in range(5000))
    counts = histogram_of(values)
    for fraction in (0.5, 0.95, 0.99):
        exact = exact_percentile(values, fraction)
        assert histogram_percentile(counts, fraction) == pytest.approx(exact, rel=0.03)
