"""Concurrent HTTP requests against a live server whose cache is the real Redis."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from rest_framework_simplejwt.tokens import RefreshToken

from aiagency.cache import ResilientRedisCache
from tests.conftest import requires_env
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, requires_env("REDIS_URL")]

LIMIT = 20
REQUESTS = 60


def get_status(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_exactly_the_limit_gets_through_under_concurrency(live_server, settings) -> None:
    # The point is the shared, atomic Redis counter.
    assert isinstance(caches["default"], ResilientRedisCache)
    settings.API_RATE_LIMIT_PER_MINUTE = LIMIT
    token = str(RefreshToken.for_user(UserFactory()).access_token)
    url = f"{live_server.url}/api/me/"

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: get_status(url, token), range(REQUESTS)))

    # All requests may straddle a minute boundary, which opens a new window: allow for it.
    assert statuses.count(200) in (LIMIT, 2 * LIMIT), statuses
    assert statuses.count(429) == REQUESTS - statuses.count(200)
