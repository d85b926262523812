from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from accounts.models import Role
from accounts.ratelimit import hit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_rate_window")]


def test_requests_over_the_limit_answer_429_with_retry_after(client_as, settings) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    client = client_as(Role.VIEWER)

    statuses = [client.get("/api/me/").status_code for _ in range(5)]
    limited = client.get("/api/me/")

    assert statuses == [200, 200, 200, 429, 429]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "throttled"


def test_limits_are_counted_per_caller(client_as, settings) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    first, second = client_as(Role.VIEWER), client_as(Role.VIEWER)

    assert first.get("/api/me/").status_code == 200
    assert second.get("/api/me/").status_code == 200
    assert first.get("/api/me/").status_code == 429


def test_anonymous_callers_have_their_own_limit(api_client, settings) -> None:
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 2
    payload = {"email": "a@example.com", "password": "wrong"}

    statuses = [api_client.post("/api/auth/token/", payload).status_code for _ in range(3)]

    assert statuses == [401, 401, 429]


def test_concurrent_hits_let_exactly_the_limit_through() -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: hit("concurrency", limit=25).allowed, range(100)))

    assert results.count(True) == 25


@pytest.mark.parametrize("redis", ["as configured", "unreachable"])
def test_an_admitted_hit_brings_back_the_value_it_was_asked_to_read(redis, request) -> None:
    if redis == "unreachable":  # each process counts and reads in its own memory meanwhile
        request.getfixturevalue("redis_unreachable")
    cache.set("stored-answer", {"text": "kept"})

    admitted = hit("reader", limit=1, read="stored-answer")
    refused = hit("reader", limit=1, read="stored-answer")
    nothing_there = hit("another-reader", limit=1, read="no-such-key")

    assert (admitted.allowed, admitted.read) == (True, {"text": "kept"})
    assert (refused.allowed, refused.read) == (False, None)
    assert (nothing_there.allowed, nothing_there.read) == (True, None)
