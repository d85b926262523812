"""Redis down: requests go on, from each process's memory, and say so (aiagency/cache.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from accounts.models import Role
from aiagency.celery import app as celery_app
from generations.models import Generation, ModelPrice
from generations.services.quotas import usage_recount
from tests.generations.conftest import make_template

pytestmark = pytest.mark.django_db


def outage_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "aiagency.cache"]


def test_reads_go_on_and_say_the_cache_is_degraded(client_as, redis_unreachable) -> None:
    response = client_as(Role.VIEWER).get("/api/templates/")

    assert response.status_code == 200
    assert response["X-Degraded"] == "cache"
    assert redis_unreachable.degraded


def test_answers_while_redis_is_up_carry_no_degraded_header(client_as) -> None:
    assert "X-Degraded" not in client_as(Role.VIEWER).get("/api/templates/")


def test_the_outage_is_logged_once_not_per_request(client_as, redis_unreachable, caplog) -> None:
    client = client_as(Role.VIEWER)
    caplog.set_level(logging.INFO, logger="aiagency.cache")

    statuses = [client.get("/api/templates/").status_code for _ in range(5)]

    assert statuses == [200] * 5
    records = outage_records(caplog)
    assert [record.levelname for record in records] == ["ERROR"]
    assert "Redis unreachable" in records[0].getMessage()
    assert "ConnectionError" in records[0].error


def test_rate_limits_count_in_the_process_meanwhile(
    api_client, redis_unreachable, settings
) -> None:
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 3

    statuses = [
        api_client.post("/api/auth/logout/", {"refresh": "x"}).status_code for _ in range(5)
    ]

    assert statuses[3:] == [429, 429]


def test_after_a_failure_redis_is_not_tried_again_until_the_retry_time(
    redis_unreachable, settings, monkeypatch
) -> None:
    settings.REDIS_RETRY_SECONDS = 3600
    backend = caches["default"]
    assert backend.get("key") is None  # the failure
    tried: list[str] = []
    monkeypatch.setattr(backend.redis, "get", lambda *args: tried.append("get"))

    backend.set("key", "kept in memory")

    assert [backend.get("key") for _ in range(20)] == ["kept in memory"] * 20
    assert tried == []


def test_redis_back_ends_the_outage_once(redis_unreachable, settings, caplog) -> None:
    settings.REDIS_RETRY_SECONDS = 0
    backend = caches["default"]
    backend.set("kept", "during the outage")
    assert redis_unreachable.degraded
    backend.redis = LocMemCache("redis-is-back", {})  # answers as Redis would
    caplog.clear()

    found = [backend.get("kept") for _ in range(3)]

    assert found == [None] * 3  # what was kept in memory is forgotten, not mixed with Redis's
    assert not redis_unreachable.degraded
    assert [record.getMessage()[:26] for record in outage_records(caplog)] == [
        "Redis reachable again afte"
    ]


def test_a_generation_goes_on_with_its_budget_counted_from_the_database(
    client_as, workspace, redis_unreachable
) -> None:
    ModelPrice.objects.create(
        provider="local", model="local-draft", input_price_per_mtok=0, output_price_per_mtok=0
    )
    template = make_template(workspace, defaults={"provider": "local", "model": "local-draft"})
    workspace.monthly_cost_budget = Decimal("5.00")
    workspace.save()
    client = client_as(Role.EDITOR)
    body = {"template": template.pk, "variables": {"topic": "tea"}}

    generated = client.post("/api/generations/", body)
    Generation.objects.filter(pk=generated.json()["id"]).update(cost=Decimal("5.00"))
    # What the sweep does: count the workspace's usage afresh from its generations.
    usage_recount(workspace=workspace, now=timezone.now(), older_than=timedelta(0))
    refused = client.post("/api/generations/", {**body, "cache": False})

    assert generated.status_code == 201, generated.json()
    assert generated["X-Degraded"] == "cache"
    assert refused.status_code == 429
    assert "Monthly cost budget" in refused.json()["error"]["message"]


def test_an_unreachable_redis_answers_without_error_from_each_cache_call(
    redis_unreachable,
) -> None:
    cache.set("a", 1)
    cache.set_many({"b": 2})

    assert cache.add("c", 3)
    assert cache.incr("a") == 2
    assert cache.get_many(["a", "b", "c"]) == {"a": 2, "b": 2, "c": 3}
    assert cache.delete("c")
    assert not cache.has_key("c")


def test_sending_work_does_not_wait_on_the_result_backend() -> None:
    # Celery would retry an unreachable Redis result backend for 20 s on every send, then fail.
    sent_by_the_app = [
        task for name, task in celery_app.tasks.items() if not name.startswith("celery.")
    ]

    assert sent_by_the_app
    assert [task.name for task in sent_by_the_app if not task.ignore_result] == ["aiagency.ping"]
