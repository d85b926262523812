from __future__ import annotations

import pytest
from django.db import OperationalError

from aiagency import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


def test_healthz_answers_without_touching_services(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_every_service_answers(client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200, response.json()
    assert response.json()["failing"] == []


def test_readyz_names_an_unreachable_cache(client, settings) -> None:
    settings.CACHES = UNREACHABLE_REDIS

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


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
