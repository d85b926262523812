"""Days are the caller's: `tz` when the request names it, else the user's saved `time_zone`, else
UTC. Over the hand-worked history of conftest.py, g3 (23:30 UTC on the 10th) is on the 11th in
Lisbon (UTC+1 in June) and Tokyo (UTC+9)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.analytics.conftest import History, query
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SERIES = "/api/analytics/timeseries/"
USAGE = "/api/analytics/reports/usage/"


def counts(data: dict) -> list[int]:
    return [point["value"] for point in data["series"][0]["points"]]


def first_bucket(data: dict) -> str:
    return data["series"][0]["points"][0]["t"]


def test_the_user_s_time_zone_sets_the_days(history: History) -> None:
    history.ada.time_zone = "Europe/Lisbon"
    history.ada.save(update_fields=["time_zone"])

    data = client_for(history.ada).get(SERIES, query(history)).json()

    assert data["tz"] == "Europe/Lisbon"
    assert counts(data) == [2, 3, 1]  # g3 is on the 11th in Lisbon
    assert first_bucket(data) == "2025-06-10T00:00:00+01:00"


def test_tz_in_the_request_wins_over_the_user_s_time_zone(history: History) -> None:
    history.ada.time_zone = "Europe/Lisbon"
    history.ada.save(update_fields=["time_zone"])

    data = client_for(history.ada).get(SERIES, query(history, tz="UTC")).json()

    assert data["tz"] == "UTC"
    assert counts(data) == [3, 2, 1]
    assert first_bucket(data) == "2025-06-10T00:00:00+00:00"


def test_without_either_days_are_utc(history: History) -> None:
    data = client_for(history.bob).get(SERIES, query(history)).json()

    assert data["tz"] == "UTC" and counts(data) == [3, 2, 1]


def test_hourly_buckets_shift_with_the_user_s_time_zone(history: History) -> None:
    history.ada.time_zone = "Asia/Tokyo"
    history.ada.save(update_fields=["time_zone"])

    data = (
        client_for(history.ada)
        .get(SERIES, query(history, end="2025-06-10", interval="hour"))
        .json()
    )

    points = data["series"][0]["points"]
    assert data["tz"] == "Asia/Tokyo"
    assert points[0]["t"] == "2025-06-10T00:00:00+09:00"  # 15:00 UTC on the 9th
    # g1 at 09:00 UTC is 18:00 in Tokyo; g3 at 23:30 UTC is already the 11th there.
    by_time = {point["t"]: point["value"] for point in points}
    assert by_time["2025-06-10T18:00:00+09:00"] == 1
    assert sum(point["value"] for point in points) == 2


def test_the_csv_report_uses_the_user_s_time_zone(history: History) -> None:
    history.ada.time_zone = "Europe/Lisbon"
    history.ada.save(update_fields=["time_zone"])

    response = client_for(history.ada).get(USAGE, query(history))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[:3] for row in rows[1:]] == [
        ["2025-06-10T00:00:00+01:00", "", "2"],
        ["2025-06-11T00:00:00+01:00", "", "3"],
        ["2025-06-12T00:00:00+01:00", "", "1"],
    ]
