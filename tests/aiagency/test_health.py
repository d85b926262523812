from __future__ import annotations

import pytest
from django.db import OperationalError

from aiagency import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_services(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_every_service_answers(client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200, response.json()
    assert response.json()["failing"] == []


def test_an_unreachable_cache_leaves_the_api_ready_but_degraded(client, redis_unreachable) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert (response.json()["failing"], response.json()["degraded"]) == ([], ["cache"])
    assert "Redis unreachable" in response.json()["checks"]["cache"]
    assert response["X-Degraded"] == "cache"


def test_an_unreachable_broker_leaves_the_api_ready_but_degraded(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:1//"
    settings.READINESS_TIMEOUT_SECONDS = 0.5

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert (response.json()["failing"], response.json()["degraded"]) == ([], ["broker"])


def test_readyz_names_a_failing_database(client, monkeypatch) -> None:
    def database_down() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", database_down)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert "connection refused" in response.json()["checks"]["database"]
