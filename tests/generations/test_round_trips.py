"""What one sync generation asks of Redis and PostgreSQL, counted end to end through the API on
the real Redis (round trips, not time: a pipeline or a script is one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.connection import Connection

from accounts.models import Role
from aiagency.cache import ResilientRedisCache
from tests.conftest import requires_env

pytestmark = [pytest.mark.django_db, requires_env("REDIS_URL")]


@pytest.fixture
def redis_round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """The commands sent to Redis, one entry per round trip, from now on."""
    assert isinstance(caches["default"], ResilientRedisCache)
    sent: list[bytes] = []
    send = Connection.send_packed_command

    def counted(self: Connection, command: bytes | list[bytes], check_health: bool = True) -> None:
        sent.append(b"".join(command) if isinstance(command, list) else command)
        send(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    return sent


def named(commands: list[bytes]) -> list[str]:
    """Each round trip's first command's name (`*N\\r\\n$len\\r\\nNAME\\r\\n...`)."""
    return [command.split(b"\r\n")[2].decode() for command in commands]


@pytest.fixture
def request_body(template) -> dict:
    return {
        "template": template.pk,
        "variables": {"topic": "green tea"},
        "provider": "openai",
        "model": "gpt-test",
    }


def test_a_cache_hit_makes_two_redis_round_trips_and_two_statements(
    client_as, catalogue, scripts, request_body, redis_round_trips
) -> None:
    client = client_as(Role.EDITOR)
    client.post("/api/generations/", request_body)
    redis_round_trips.clear()

    with CaptureQueriesContext(connection) as queries:
        hit = client.post("/api/generations/", request_body).json()

    assert hit["cache_hit"] is True
    # The API's rate limit, then the pace and the cached answer read by one script.
    assert named(redis_round_trips) == ["EVAL", "EVAL"]
    assert b"GET" in redis_round_trips[1]
    # The template with its version and production label, the row; the user with their roles
    # was read by the first request (`accounts.recent_callers`).
    statements = [query["sql"].split()[0] for query in queries]
    assert statements == ["SELECT", "INSERT"]


def test_a_generation_without_the_cache_neither_reads_nor_writes_it(
    client_as, catalogue, scripts, request_body, redis_round_trips
) -> None:
    client_as(Role.EDITOR).post("/api/generations/", {**request_body, "cache": False})

    assert not answers(redis_round_trips)


def test_a_cache_miss_reads_with_the_pace_and_stores_its_answer_once(
    client_as, catalogue, scripts, request_body, redis_round_trips
) -> None:
    client_as(Role.EDITOR).post("/api/generations/", request_body)

    assert named(answers(redis_round_trips)) == ["EVAL", "SET"]


def answers(commands: list[bytes]) -> list[bytes]:
    """The round trips that touch a cached answer."""
    return [command for command in commands if b":generation:" in command]
