"""Every endpoint's figures against the hand-worked history of `conftest.py` (read live: the rollup
has not run; `test_rollup.py` shows it answers the same)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from accounts.models import Role
from accounts.services import api_key_create
from generations.models import GenerationRating
from tests.analytics.conftest import History, query
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SUMMARY = "/api/analytics/summary/"
SERIES = "/api/analytics/timeseries/"


def points(series: dict) -> list:
    return [point["value"] for point in series["points"]]


def by_key(data: dict) -> dict:
    return {series["key"]: points(series) for series in data["series"]}


# --- summary --------------------------------------------------------------------------------------
def test_the_mean_rating_counts_every_member_s_rating(history: History, viewer_client) -> None:
    # g1 is rated 5 by ada (conftest); bob's 2 is a rating of its own, not a replacement.
    GenerationRating.objects.create(
        generation=history.generations["g1"], user=history.bob, rating=2
    )

    data = viewer_client.get(SUMMARY, query(history)).json()

    assert (data["average_rating"], data["ratings"], data["generations"]) == (3.33, 3, 6)


def test_summary_figures(history: History, viewer_client) -> None:
    response = viewer_client.get(SUMMARY, query(history))

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["generations"] == 6  # the queued one and the other workspace's are not counted
    assert (data["succeeded"], data["failed"], data["cancelled"]) == (4, 1, 1)
    assert data["success_rate"] == 0.6667
    assert data["error_rate"] == 0.1667
    assert data["cache_hit_ratio"] == 0.1667
    assert (data["input_tokens"], data["output_tokens"]) == (5000, 2100)
    assert data["cost"] == "0.010500"
    # latencies 10, 100, 200, 400, 800: p50 the middle one; p95 at rank 3.8 = 400 + 0.8 * 400
    assert data["latency_p50_ms"] == 200.0
    assert data["latency_p95_ms"] == 720.0
    assert data["average_rating"] == 4.0
    assert data["fallbacks"] == 1
    assert (data["start"], data["end"], data["tz"]) == ("2025-06-10", "2025-06-12", "UTC")


def test_end_is_inclusive_and_start_is_too(history: History, viewer_client) -> None:
    one_day = viewer_client.get(SUMMARY, query(history, start="2025-06-12", end="2025-06-12"))
    assert one_day.json()["generations"] == 1  # g6


def test_the_period_is_taken_in_the_time_zone(history: History, viewer_client) -> None:
    # In Lisbon (UTC+1) 06-10 runs from 06-09 23:00 to 06-10 23:00 UTC: g3 (23:30) is on the 11th.
    lisbon = viewer_client.get(SUMMARY, query(history, end="2025-06-10", tz="Europe/Lisbon"))
    assert lisbon.json()["generations"] == 2
    assert lisbon.json()["tz"] == "Europe/Lisbon"


def test_an_empty_period_has_zeros_and_nulls(history: History, viewer_client) -> None:
    data = viewer_client.get(SUMMARY, query(history, start="2025-07-01", end="2025-07-02")).json()

    assert data["generations"] == 0
    assert data["cost"] == "0.000000"
    for name in ("success_rate", "cache_hit_ratio", "latency_p50_ms", "latency_p95_ms"):
        assert data[name] is None
    assert data["average_rating"] is None


def test_default_period_is_the_last_30_days(history: History, viewer_client) -> None:
    data = viewer_client.get(SUMMARY, {"workspace": history.workspace.pk}).json()

    assert data["end"] == date.today().isoformat()
    assert date.fromisoformat(data["start"]) == date.today() - timedelta(days=29)


# --- access and validation ------------------------------------------------------------------------
def test_another_workspace_is_not_found(history: History, outsider_client) -> None:
    assert outsider_client.get(SUMMARY, query(history)).status_code == 404


def test_anonymous_callers_are_refused(history: History, api_client) -> None:
    assert api_client.get(SUMMARY, query(history)).status_code == 401


def test_an_api_key_reads_its_own_workspace(history: History, api_client) -> None:
    _key, raw = api_key_create(
        workspace=history.workspace,
        user=history.bob,
        name="grafana",
        role=Role.VIEWER,
        actor_role=Role.OWNER,
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api_client.get(SUMMARY, query(history)).json()["generations"] == 6


def test_each_workspace_sees_only_its_own(history: History) -> None:
    other = MembershipFactory(role=Role.OWNER)
    data = client_for(other.user).get(SUMMARY, query(history, workspace=other.workspace.pk))
    assert data.json()["generations"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"workspace": None}, "workspace"),
        ({"workspace": "abc"}, "workspace"),
        ({"tz": "Mars/Olympus_Mons"}, "tz"),
        ({"tz": "../../etc/passwd"}, "tz"),
        ({"start": "2025-06-13"}, "start"),
        ({"start": "2024-01-01"}, "start"),  # longer than 366 days
        ({"end": "10/06/2025"}, "end"),
    ],
)
def test_bad_parameters_are_named(history: History, viewer_client, params, field) -> None:
    params = {k: v for k, v in query(history, **params).items() if v is not None}
    response = viewer_client.get(SUMMARY, params)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_hourly_series_are_limited_to_31_days(history: History, viewer_client) -> None:
    response = viewer_client.get(
        SERIES, query(history, start="2025-05-01", end="2025-06-12", interval="hour")
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["interval"]


# --- time series ----------------------------------------------------------------------------------
def test_count_per_day_in_utc_and_in_other_zones(history: History, viewer_client) -> None:
    utc = viewer_client.get(SERIES, query(history)).json()
    assert utc["interval"] == "day" and utc["metric"] == "count"
    assert [s["key"] for s in utc["series"]] == [None]
    assert points(utc["series"][0]) == [3, 2, 1]
    assert [p["t"] for p in utc["series"][0]["points"]] == [
        "2025-06-10T00:00:00+00:00",
        "2025-06-11T00:00:00+00:00",
        "2025-06-12T00:00:00+00:00",
    ]
    # g3 (06-10 23:30 UTC) is on the 11th in Lisbon, Tokyo and Kolkata.
    for zone, offset in [("Europe/Lisbon", "+01:00"), ("Asia/Tokyo", "+09:00"),
                         ("Asia/Kolkata", "+05:30")]:  # fmt: skip
        local = viewer_client.get(SERIES, query(history, tz=zone)).json()
        assert points(local["series"][0]) == [2, 3, 1], zone
        assert local["series"][0]["points"][0]["t"] == f"2025-06-10T00:00:00{offset}"


def test_empty_days_are_points_too(history: History, viewer_client) -> None:
    data = viewer_client.get(SERIES, query(history, start="2025-06-09", end="2025-06-13")).json()
    assert points(data["series"][0]) == [0, 3, 2, 1, 0]

    nothing = viewer_client.get(
        SERIES, query(history, start="2025-07-01", end="2025-07-02", metric="latency_p95")
    ).json()
    assert nothing["series"] == [
        {"key": None, "id": None, "label": "All", "total_generations": 0,
         "points": [{"t": "2025-07-01T00:00:00+00:00", "value": None},
                    {"t": "2025-07-02T00:00:00+00:00", "value": None}]},
    ]  # fmt: skip


def test_count_by_status(history: History, viewer_client) -> None:
    data = viewer_client.get(SERIES, query(history, group_by="status")).json()
    assert by_key(data) == {
        "succeeded": [3, 1, 0],
        "failed": [0, 1, 0],
        "cancelled": [0, 0, 1],
    }
    assert [s["key"] for s in data["series"]] == ["succeeded", "cancelled", "failed"]


def test_cost_by_provider(history: History, viewer_client) -> None:
    data = viewer_client.get(SERIES, query(history, metric="cost", group_by="provider")).json()
    assert by_key(data) == {"openai": [0.006, 0.0, 0.0], "anthropic": [0.0045, 0.0, 0.0]}


def test_tokens_by_model(history: History, viewer_client) -> None:
    data = viewer_client.get(SERIES, query(history, metric="tokens", group_by="model")).json()
    assert by_key(data) == {"gpt-test": [4500, 1500, 0], "claude-test": [1100, 0, 0]}


def test_latency_p95_and_error_rate_per_day(history: History, viewer_client) -> None:
    p95 = viewer_client.get(SERIES, query(history, metric="latency_p95")).json()
    # 06-10: 100, 200, 400 → rank 1.9 → 200 + 0.9 * 200; 06-11: 10, 800 → 10 + 0.95 * 790
    assert points(p95["series"][0]) == [380.0, 760.5, None]

    errors = viewer_client.get(SERIES, query(history, metric="error_rate")).json()
    assert points(errors["series"][0]) == [0.0, 0.5, 0.0]


def test_count_by_template_and_by_user(history: History, viewer_client) -> None:
    templates = viewer_client.get(SERIES, query(history, group_by="template")).json()
    assert by_key(templates) == {"blog-post": [2, 1, 1], "news": [1, 1, 0]}
    assert {s["key"]: s["id"] for s in templates["series"]} == {
        "blog-post": history.blog.pk,
        "news": history.news.pk,
    }
    users = viewer_client.get(SERIES, query(history, group_by="user")).json()
    assert by_key(users) == {"ada@x.org": [2, 1, 1], "bob@x.org": [1, 1, 0]}


def test_hourly_buckets(history: History, viewer_client) -> None:
    data = viewer_client.get(
        SERIES, query(history, end="2025-06-10", interval="hour", tz="Europe/Lisbon")
    ).json()
    series = data["series"][0]["points"]
    # Lisbon's 06-10 is 06-09 23:00 to 06-10 23:00 UTC: 24 hours, labelled in local time.
    assert len(series) == 24
    assert series[0]["t"] == "2025-06-10T00:00:00+01:00"
    assert {p["t"]: p["value"] for p in series if p["value"]} == {
        "2025-06-10T10:00:00+01:00": 1,
        "2025-06-10T11:00:00+01:00": 1,
    }


# --- top templates, providers ---------------------------------------------------------------------
def test_top_templates(history: History, viewer_client) -> None:
    data = viewer_client.get("/api/analytics/top-templates/", query(history)).json()
    rows = data["results"]
    assert [(r["slug"], r["generations"], r["succeeded"], r["cost"]) for r in rows] == [
        ("blog-post", 4, 3, "0.006000"),
        ("news", 2, 1, "0.004500"),
    ]
    assert rows[0]["name"] == "Blog post" and rows[0]["template_id"] == history.blog.pk
    assert rows[0]["latency_p50_ms"] == 100.0  # 10, 100, 200
    assert rows[0]["average_rating"] == 4.0

    limited = viewer_client.get("/api/analytics/top-templates/", query(history, limit=1)).json()
    assert [r["slug"] for r in limited["results"]] == ["blog-post"]


def test_providers(history: History, viewer_client) -> None:
    rows = viewer_client.get("/api/analytics/providers/", query(history)).json()["results"]

    openai, anthropic = rows
    assert openai["provider"] == "openai"
    assert (openai["generations"], openai["failed"], openai["error_rate"]) == (4, 1, 0.25)
    assert openai["cost"] == "0.006000"
    assert openai["latency_p50_ms"] == 150.0  # 10, 100, 200, 800
    assert openai["fallbacks"] == 0
    assert [m["model"] for m in openai["models"]] == ["gpt-test"]
    assert anthropic["provider"] == "anthropic"
    assert (anthropic["generations"], anthropic["cancelled"], anthropic["fallbacks"]) == (2, 1, 1)


# --- CSV reports ----------------------------------------------------------------------------------
def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_usage_report(history: History, viewer_client) -> None:
    rows = read_csv(viewer_client.get("/api/analytics/reports/usage/", query(history)))

    assert rows == [
        ["period_start", "group", "generations", "succeeded", "failed", "cancelled",
         "success_rate", "cache_hits", "input_tokens", "output_tokens", "cost_usd",
         "latency_p50_ms", "latency_p95_ms", "average_rating"],
        ["2025-06-10T00:00:00+00:00", "", "3", "3", "0", "0", "1.0", "0", "4000", "1600",
         "0.010500", "200.0", "380.0", "4.0"],
        ["2025-06-11T00:00:00+00:00", "", "2", "1", "1", "0", "0.5", "1", "1000", "500",
         "0.000000", "405.0", "760.5", ""],
        ["2025-06-12T00:00:00+00:00", "", "1", "0", "0", "1", "0.0", "0", "0", "0",
         "0.000000", "", "", ""],
    ]  # fmt: skip


def test_usage_report_by_group_and_accepting_csv(history: History, viewer_client) -> None:
    response = viewer_client.get(
        "/api/analytics/reports/usage/",
        query(history, group_by="provider", tz="Europe/Lisbon"),
        HTTP_ACCEPT="text/csv",
    )
    rows = read_csv(response)
    assert [row[:3] for row in rows[1:]] == [
        ["2025-06-10T00:00:00+01:00", "openai", "2"],
        ["2025-06-11T00:00:00+01:00", "anthropic", "1"],
        ["2025-06-11T00:00:00+01:00", "openai", "2"],
        ["2025-06-12T00:00:00+01:00", "anthropic", "1"],
    ]


def test_cost_report_per_template_and_user(history: History, viewer_client) -> None:
    rows = read_csv(viewer_client.get("/api/analytics/reports/cost/", query(history)))
    blog, news, ada, bob = history.blog.pk, history.news.pk, history.ada.pk, history.bob.pk

    assert rows == [
        ["template_id", "template", "user_id", "user", "generations", "succeeded",
         "input_tokens", "output_tokens", "cost_usd"],
        [str(news), "news", str(ada), "ada@x.org", "1", "1", "1000", "100", "0.004500"],
        [str(blog), "blog-post", str(bob), "bob@x.org", "1", "1", "2000", "1000", "0.004000"],
        [str(blog), "blog-post", str(ada), "ada@x.org", "3", "2", "2000", "1000", "0.002000"],
        [str(news), "news", str(bob), "bob@x.org", "1", "0", "0", "0", "0.000000"],
    ]  # fmt: skip


def test_formula_cells_in_reports_are_written_as_text(history: History, viewer_client) -> None:
    history.news.slug = "=cmd|' /C calc'!A0"
    history.news.save()

    rows = read_csv(viewer_client.get("/api/analytics/reports/cost/", query(history)))

    assert {row[1] for row in rows[1:]} == {"'=cmd|' /C calc'!A0", "blog-post"}


def test_reports_check_the_workspace_too(history: History, outsider_client) -> None:
    for path in ("reports/usage/", "reports/cost/", "top-templates/", "providers/"):
        assert outsider_client.get(f"/api/analytics/{path}", query(history)).status_code == 404
