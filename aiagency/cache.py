"""Redis as what it is here, a cache and a limiter rather than the source of truth: while it cannot
be reached, requests go on.

`ResilientRedisCache` is django-redis's cache answered from this process's memory (a bounded
local-memory cache) whenever Redis refuses or does not answer within `REDIS_SOCKET_TIMEOUT`. After
a failure no operation tries Redis for `REDIS_RETRY_SECONDS`; then one caller tries again while
the others keep to memory. A dead Redis so costs a process one timeout every few seconds, not one
per request, and a process started while Redis is down serves from its first request.

What each user of the cache becomes meanwhile: rate limits and the generation pace count per
process (a limit of N a minute admits up to N per process); the result cache, the circuit
breakers and the sweep's memo work per process; the workspace usage totals are counted from the
database on every check (`generations/services/quotas.py`). The outage is logged once when it
starts and once when it ends, answers carry `X-Degraded: cache` while it lasts, and `/readyz`
lists the cache under `degraded`.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django_redis.cache import RedisCache
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("aiagency.cache")

T = TypeVar("T")
# What an unreachable or frozen Redis raises (a refused connection, a socket timeout); any other
# error (a wrong command, an out-of-memory server) is a bug or a misconfiguration and is raised.
REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, socket.timeout)
DEGRADED_HEADER = "X-Degraded"
FALLBACK_MAX_ENTRIES = 1000


class RedisHealth:
    """This process's view of Redis: reachable, or down since when and tried again when."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0

    @property
    def degraded(self) -> bool:
        return self._down_since is not None

    def may_try(self) -> bool:
        """Whether to try Redis now: always while it is up; while it is down, once per
        `REDIS_RETRY_SECONDS`, claimed by one caller so the others do not wait for a timeout."""
        if self._down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._next_try:
                return False
            self._next_try = now + settings.REDIS_RETRY_SECONDS
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self._next_try = time.monotonic() + settings.REDIS_RETRY_SECONDS
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        logger.error(
            "Redis unreachable: cache, rate limits and usage totals fall back to this process "
            "(answers carry X-Degraded: cache); trying again every %s s",
            settings.REDIS_RETRY_SECONDS,
            extra={"error": f"{type(error).__name__}: {error}"},
        )

    def succeeded(self) -> bool:
        """Record a success; True when it ends an outage."""
        if self._down_since is None:
            return False
        with self._lock:
            if self._down_since is None:
                return False
            seconds = time.monotonic() - self._down_since
            self._down_since = None
        logger.warning("Redis reachable again after %.1f s: back to the shared cache", seconds)
        return True


redis_health = RedisHealth()


def cache_degraded() -> bool:
    """Whether the cache is answering from this process's memory (Redis unreachable)."""
    return redis_health.degraded


class ResilientRedisCache(BaseCache):
    """django-redis's `RedisCache`, answered from a local-memory cache while Redis is down."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.redis: RedisCache = RedisCache(server, {**params, "OPTIONS": _redis_options(params)})
        local = {key: value for key, value in params.items() if key != "OPTIONS"}
        # One store per process, whatever thread's instance of this cache is asking.
        self.local = LocMemCache(
            f"redis-fallback:{server}", {**local, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
        )

    def run_on_redis(self, command: Callable[[Redis], T]) -> T | None:
        """`command` on the raw Redis client; None while Redis cannot be reached."""
        return self._either(
            lambda store: command(store.client.get_client(write=True)), lambda: None
        )

    def _either(self, on_redis: Callable[[RedisCache], T], on_local: Callable[[], T]) -> T:
        if redis_health.may_try():
            try:
                result = on_redis(self.redis)
            except REDIS_UNREACHABLE as error:
                redis_health.failed(error)
            else:
                if redis_health.succeeded():
                    self.local.clear()  # what was kept during the outage is stale by now
                return result
        return on_local()

    def _on_either(self, method: str, *args: Any) -> Any:
        """The cache's `method` on Redis, or on this process's memory while Redis is down."""
        return self._either(
            lambda store: getattr(store, method)(*args), lambda: getattr(self.local, method)(*args)
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._on_either("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._on_either("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._on_either("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._on_either("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._on_either("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._on_either("get_many", keys, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._on_either("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._on_either("delete_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._on_either("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._on_either("incr", key, delta, version)

    def decr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._on_either("decr", key, delta, version)

    def clear(self) -> None:
        """Forget this cache's keys (its prefix and version), not the whole Redis database: other
        deployments, test runs and Celery's results may share it."""
        self.local.clear()
        self._either(lambda store: store.delete_pattern("*"), lambda: None)

    def close(self, **kwargs: Any) -> None:
        self.redis.close(**kwargs)


def _redis_options(params: dict[str, Any]) -> dict[str, Any]:
    # Errors must reach `_either`: django-redis would otherwise swallow them one by one.
    return {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}


class DegradedHeaderMiddleware:
    """`X-Degraded: cache` on every answer while the cache answers from this process's memory."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if cache_degraded():
            response[DEGRADED_HEADER] = "cache"
        return response


def decode_cached(raw: bytes) -> Any:
    """A value a script read from Redis as it is stored, back as the cache's `get` gives it."""
    backend = caches["default"]
    assert isinstance(backend, ResilientRedisCache), "only a script on Redis reads raw values"
    return backend.redis.client.decode(raw)


def run_on_redis(command: Callable[[Redis], T]) -> T | None:
    """`command` (a script, say) on the default cache's Redis client; None when that cache is no
    Redis or Redis is unreachable: the caller then does without, or works in the cache, which
    answers from this process's memory meanwhile."""
    backend = caches["default"]
    return backend.run_on_redis(command) if isinstance(backend, ResilientRedisCache) else None
