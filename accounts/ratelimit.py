"""Fixed-window request counting in the cache, atomic across processes.

Under Redis the increment and the expiry run in one Lua script, so two processes can never both see
the same count or leave a counter without an expiry; a caller that reads a cache key right after an
admitted hit (`hit(read=...)`) has it read by the same script, in the same round trip. The
local-memory cache increments under its own lock, which is enough for the single process it
serves; it also counts while Redis is unreachable (`aiagency.cache`), each process then admitting
up to the limit.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from accounts.models import ApiKey
from aiagency.cache import decode_cached, run_on_redis
from aiagency.client_address import client_address

WINDOW_SECONDS = 60

_INCR_WITH_EXPIRY = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
# The same, then the value at KEYS[2] when the count is within the limit ARGV[2]: {count, value}.
_INCR_WITH_EXPIRY_THEN_GET = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then return {count} end
return {count, redis.call('GET', KEYS[2])}
"""


def increment_window_counter(key: str, window_seconds: int) -> int:
    """Add one to `key`'s counter for the current window and return the new count."""
    count = run_on_redis(
        lambda client: client.eval(_INCR_WITH_EXPIRY, 1, cache.make_key(key), window_seconds)
    )
    if count is not None:
        return int(count)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def _increment_then_read(key: str, window_seconds: int, limit: int, read: str) -> tuple[int, Any]:
    """`increment_window_counter`, then the cache's value at `read` (None when the count is over
    `limit`, or nothing is stored there), in one round trip under Redis."""
    reply = run_on_redis(
        lambda client: client.eval(
            _INCR_WITH_EXPIRY_THEN_GET,
            2,
            cache.make_key(key),
            cache.make_key(read),
            window_seconds,
            limit,
        )
    )
    if reply is not None:
        count, raw = int(reply[0]), reply[1] if len(reply) > 1 else None
        return count, decode_cached(raw) if raw is not None else None
    count = increment_window_counter(key, window_seconds)
    return count, cache.get(read) if count <= limit else None


@dataclass(frozen=True)
class WindowHit:
    allowed: bool
    retry_after: int
    read: Any = None  # the cache's value at `hit`'s `read` key, when allowed


def hit(
    identity: str, *, limit: int, window_seconds: int = WINDOW_SECONDS, read: str | None = None
) -> WindowHit:
    """Count one request of `identity` in the current window. With `read`, an admitted hit also
    brings back the cache's value at that key, read in the same round trip."""
    now = time.time()
    window_index = int(now // window_seconds)
    key = f"ratelimit:{identity}:{window_index}"
    if read is None:
        count, value = increment_window_counter(key, window_seconds), None
    else:
        count, value = _increment_then_read(key, window_seconds, limit, read)
    window_end = (window_index + 1) * window_seconds
    return WindowHit(
        allowed=count <= limit, retry_after=max(1, math.ceil(window_end - now)), read=value
    )


class RateLimitThrottle(BaseThrottle):
    """Requests per minute per API key, per user, or per client address when anonymous."""

    def allow_request(self, request: Request, view: object) -> bool:
        identity, limit = self._identity_and_limit(request)
        result = hit(identity, limit=limit)
        self._retry_after = result.retry_after
        return result.allowed

    def wait(self) -> float:
        return self._retry_after

    def _identity_and_limit(self, request: Request) -> tuple[str, int]:
        if isinstance(request.auth, ApiKey):
            return f"key:{request.auth.pk}", settings.API_RATE_LIMIT_PER_MINUTE
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}", settings.API_RATE_LIMIT_PER_MINUTE
        return f"ip:{client_address(request)}", settings.API_RATE_LIMIT_ANON_PER_MINUTE
