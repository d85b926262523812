"""Clearing the cache forgets this deployment's keys only: one Redis database may also hold
another deployment's (or another test run's) keys and Celery's results."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from aiagency.cache import run_on_redis
from tests.conftest import requires_env

pytestmark = [pytest.mark.integration, requires_env("REDIS_URL")]


def test_clearing_the_cache_keeps_keys_it_does_not_own() -> None:
    foreign = "another-deployment:1:kept"
    run_on_redis(lambda client: client.set(foreign, "theirs"))
    cache.set("ours", "mine")
    try:
        cache.clear()

        assert cache.get("ours") is None
        assert run_on_redis(lambda client: client.get(foreign)) == b"theirs"
    finally:
        run_on_redis(lambda client: client.delete(foreign))
