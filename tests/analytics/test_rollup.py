"""The rollup: what it stores, that re-running it changes nothing, that it catches late changes,
and that reports answer the same from it as from the generations themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from analytics.histogram import bucket_bounds, bucket_index
from analytics.models import HourlyRollup, HourlyTemplateRollup, RollupState
from analytics.seeding import generations_seed
from analytics.services import floor_hour, rollup_hours, rollup_refresh
from analytics.tasks import rollup
from generations.models import Generation
from tests.analytics.conftest import History, at, query
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SUMMARY = "/api/analytics/summary/"
SERIES = "/api/analytics/timeseries/"


def test_rollup_rows_hold_the_hour_figures(history: History) -> None:
    run = rollup_hours(start=at("06-10", "00:00"), end=at("06-13", "00:00"))

    g1_hour = HourlyRollup.objects.get(
        workspace=history.workspace, hour=at("06-10", "09:00"), provider="openai"
    )
    assert (g1_hour.generations, g1_hour.succeeded, g1_hour.cost) == (1, 1, Decimal("0.002"))
    assert (g1_hour.input_tokens, g1_hour.output_tokens, g1_hour.rating_sum) == (1000, 500, 5)
    assert getattr(g1_hour, f"h{bucket_index(100):02d}") == 1
    g3_hour = HourlyRollup.objects.get(workspace=history.workspace, hour=at("06-10", "23:00"))
    assert g3_hour.fallbacks == 1
    # 6 finished here, 1 in the other workspace; the queued one is left out.
    assert sum(HourlyRollup.objects.values_list("generations", flat=True)) == 7
    assert sum(HourlyTemplateRollup.objects.values_list("generations", flat=True)) == 7
    assert run.route_rows == HourlyRollup.objects.count()
    assert RollupState.objects.get().rolled_up_to == at("06-13", "00:00")


def test_reports_read_rolled_up_hours_from_the_rollup(history: History, viewer_client) -> None:
    rollup_hours(start=at("06-10", "00:00"), end=at("06-13", "00:00"))
    # Gone from the generations table, still in the report: it came from the rollup.
    Generation.objects.filter(workspace=history.workspace).delete()

    data = viewer_client.get(SUMMARY, query(history)).json()
    assert (data["generations"], data["cost"], data["input_tokens"]) == (6, "0.010500", 5000)
    series = viewer_client.get(SERIES, query(history, tz="Europe/Lisbon")).json()
    assert [p["value"] for p in series["series"][0]["points"]] == [2, 3, 1]


def test_running_again_changes_nothing(history: History) -> None:
    rollup_hours(start=at("06-10", "00:00"), end=at("06-13", "00:00"))
    first = list(HourlyRollup.objects.order_by("pk").values(*_stored()))
    rollup_hours(start=at("06-10", "00:00"), end=at("06-13", "00:00"))
    rollup_hours(start=at("06-11", "00:00"), end=at("06-12", "00:00"))  # an overlapping run

    assert list(
        HourlyRollup.objects.order_by("hour", "provider", "model", "status").values(*_stored())
    ) == sorted(first, key=lambda r: (r["hour"], r["provider"], r["model"], r["status"]))


def _stored() -> list[str]:
    return [f.name for f in HourlyRollup._meta.concrete_fields if f.name != "id"]


def test_refresh_backfills_then_catches_late_finishes(history: History, viewer_client) -> None:
    run = rollup_refresh(now=at("06-13", "00:20"), lookback_hours=48)
    assert run.start == at("06-10", "09:00")  # the oldest generation's hour
    assert run.end == at("06-13", "00:00")  # closed hours only

    # The queued generation (06-11 10:00) finishes after its hour was rolled up...
    Generation.objects.filter(status="queued").update(status="succeeded", latency_ms=50)
    assert viewer_client.get(SUMMARY, query(history)).json()["generations"] == 6
    # ...and the next run, going back 48 hours, counts it.
    run = rollup_refresh(now=at("06-13", "00:30"), lookback_hours=48)
    assert run.start == at("06-11", "00:00")
    assert viewer_client.get(SUMMARY, query(history)).json()["generations"] == 7


def test_beat_runs_the_rollup_task(history: History, settings) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["analytics-rollup"]
    assert schedule["task"] == "analytics.rollup"
    last_hour = floor_hour(timezone.now())
    # Rolled up to two hours ago: the run covers the lookback and the closed hours since.
    RollupState.objects.create(name="hourly", rolled_up_to=last_hour - timedelta(hours=2))

    result = rollup.delay().get()

    expected_start = last_hour - timedelta(hours=2 + settings.ANALYTICS_ROLLUP_LOOKBACK_HOURS)
    assert result["start"] == expected_start.isoformat()
    assert result["end"] == last_hour.isoformat()
    assert RollupState.objects.get().rolled_up_to == last_hour


# --- rollup and live agree ------------------------------------------------------------------------
def assert_agree(live: Any, rolled: Any, *, latency: bool = False, path: str = "") -> None:
    """Equal, except latency figures estimated from a histogram: those may differ from the exact
    value by the buckets around it (one either side), the histogram's resolution."""
    if isinstance(live, dict):
        assert live.keys() == rolled.keys(), path
        for key in live:
            near = latency or "latency" in key
            assert_agree(live[key], rolled[key], latency=near, path=f"{path}.{key}")
    elif isinstance(live, list):
        assert len(live) == len(rolled), path
        for index, (a, b) in enumerate(zip(live, rolled, strict=True)):
            assert_agree(a, b, latency=latency, path=f"{path}[{index}]")
    elif latency and isinstance(live, float) and rolled is not None:
        index = bucket_index(round(live))
        low = bucket_bounds(max(index - 1, 0))[0]
        high = bucket_bounds(index + 1)[1] or float("inf")
        assert low <= rolled <= high, f"{path}: {rolled} for {live}"
    else:
        assert live == rolled, path


@pytest.fixture
def busy(workspace) -> None:
    # ~1,500 realistic generations over the 6 days before 06-16 (UTC).
    generations_seed(workspace=workspace, count=1500, days=6, now=at("06-16", "00:00"))


REQUESTS: list[tuple[str, dict[str, Any]]] = [
    (SUMMARY, {}),
    (SUMMARY, {"tz": "Europe/Lisbon"}),
    (SUMMARY, {"tz": "Asia/Kolkata"}),
    ("/api/analytics/top-templates/", {}),
    ("/api/analytics/providers/", {"tz": "America/New_York"}),
    *[
        (SERIES, {"metric": metric, "group_by": group, "tz": tz})
        for metric in ("count", "cost", "tokens", "error_rate", "latency_p95")
        for group in (None, "provider", "model", "template", "user", "status")
        for tz in ("UTC", "Europe/Lisbon", "Asia/Kolkata")
    ],
    *[
        (SERIES, {"metric": metric, "interval": "hour", "start": "2025-06-13", "tz": tz})
        for metric in ("count", "cost", "error_rate")
        for tz in ("UTC", "America/New_York", "Asia/Kolkata")
    ],
]


def test_rollup_and_live_agree(busy: None, workspace, viewer_for) -> None:
    client = viewer_for(workspace)
    base = {"workspace": workspace.pk, "start": "2025-06-09", "end": "2025-06-15"}

    def answers() -> list[Any]:
        out = []
        for path, params in REQUESTS:
            params = {k: v for k, v in {**base, **params}.items() if v is not None}
            response = client.get(path, params)
            assert response.status_code == 200, (path, params, response.json())
            out.append(response.json())
        return out

    live = answers()  # nothing rolled up: every figure exact
    # Roll up all but the last day, which stays live: today's case, and mixed buckets.
    rollup_hours(start=at("06-09", "00:00"), end=at("06-14", "17:00"))
    assert RollupState.objects.get().rolled_up_to == at("06-14", "17:00")
    rolled = answers()

    assert live[0]["generations"] == 1500
    assert live[0]["latency_p95_ms"] != rolled[0]["latency_p95_ms"]  # estimated, not exact
    assert rolled[0]["latency_p95_ms"] == pytest.approx(live[0]["latency_p95_ms"], rel=0.05)
    counts = {
        (params.get("group_by"), params.get("tz"), params.get("interval"), series["key"],
         point["t"]): point["value"]
        for (_path, params), answer in zip(REQUESTS, live, strict=True)
        if answer.get("metric") == "count"
        for series in answer["series"]
        for point in series["points"]
    }  # fmt: skip
    for (path, params), a, b in zip(REQUESTS, live, rolled, strict=True):
        if a.get("metric") != "latency_p95":
            assert_agree(a, b, path=f"{path} {params}")
            continue
        # A p95 of a handful of values can sit anywhere between two far-apart ones: hold the
        # estimate to the exact value's neighbouring buckets where there are 20 or more.
        assert_agree({**a, "series": []}, {**b, "series": []})
        for series_a, series_b in zip(a["series"], b["series"], strict=True):
            assert series_a["key"] == series_b["key"]
            for point_a, point_b in zip(series_a["points"], series_b["points"], strict=True):
                assert point_a["t"] == point_b["t"]
                key = (params["group_by"], params["tz"], None, series_a["key"], point_a["t"])
                if counts[key] >= 20:
                    assert_agree(point_a["value"], point_b["value"], latency=True, path=str(key))
                else:
                    assert (point_a["value"] is None) == (point_b["value"] is None)


@pytest.fixture
def viewer_for() -> Callable[[Workspace], APIClient]:
    def make(workspace: Workspace) -> APIClient:
        return client_for(MembershipFactory(workspace=workspace, role=Role.VIEWER).user)

    return make


def test_a_day_after_the_watermark_is_read_live(history: History, viewer_client) -> None:
    rollup_hours(start=at("06-10", "00:00"), end=at("06-11", "00:00"))
    Generation.objects.filter(created_at__lt=at("06-11", "00:00")).delete()

    series = viewer_client.get(SERIES, query(history)).json()
    # 06-10 from the rollup (3), 06-11 and 06-12 live (2, 1).
    assert [p["value"] for p in series["series"][0]["points"]] == [3, 2, 1]
