"""A circuit breaker per provider, its state in the cache so every process shares it.

Closed: calls go through; consecutive failures are counted. After `CIRCUIT_FAILURE_THRESHOLD` of
them the circuit opens and calls are refused for `CIRCUIT_COOLDOWN_SECONDS`. Then it is half-open:
one caller (whoever wins an atomic `cache.add`) probes; success closes the circuit, failure opens
it for another cool-down.

A call reads the shared state through what its process last read, kept for `KEEP_SECONDS`: one
round trip per second and provider instead of one per call. A circuit that another process opened
is noticed that much later; this process's own failures and successes apply at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache

# Counters outlive any sensible cool-down but do not linger forever.
_STATE_TTL_SECONDS = 24 * 3600
KEEP_SECONDS = 1.0

_kept: dict[str, tuple[float, dict[str, float]]] = {}  # provider: (read at, what was found)


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


def _key(provider: str, part: str) -> str:
    return f"circuit:{provider}:{part}"


def _state_of(opened_until: float | None) -> CircuitState:
    if opened_until is None:
        return CircuitState.CLOSED
    return CircuitState.OPEN if time.time() < opened_until else CircuitState.HALF_OPEN


def circuit_state(provider: str) -> CircuitState:
    return _state_of(cache.get(_key(provider, "opened_until")))


@dataclass(frozen=True)
class CircuitCheck:
    allowed: bool  # the call may go ahead now
    clean: bool  # closed with no failure on record: a success has nothing to clear


def _recorded(provider: str) -> dict[str, float]:
    """The provider's failures and opening on record, as this process last read them."""
    now = time.monotonic()
    kept = _kept.get(provider)
    if kept is None or now - kept[0] > KEEP_SECONDS:
        found = cache.get_many([_key(provider, "failures"), _key(provider, "opened_until")])
        kept = _kept[provider] = (now, found)
    return kept[1]


def forget_circuits() -> None:
    _kept.clear()


def circuit_check(provider: str) -> CircuitCheck:
    """Whether a call to `provider` may go ahead now (claims the probe when half-open), and
    whether there is anything on record."""
    found = _recorded(provider)
    state = _state_of(found.get(_key(provider, "opened_until")))
    if state is CircuitState.CLOSED:
        return CircuitCheck(allowed=True, clean=not found)
    if state is CircuitState.OPEN:
        return CircuitCheck(allowed=False, clean=False)
    probe = cache.add(_key(provider, "probe"), 1, timeout=settings.CIRCUIT_COOLDOWN_SECONDS)
    return CircuitCheck(allowed=probe, clean=False)


def circuit_record_success(provider: str, check: CircuitCheck) -> None:
    """Close the circuit and forget its failures; nothing to do (and no round trip) when the
    check before the call found none. A failure another process records in between then stays
    counted until the next success that sees it."""
    if not check.clean:
        cache.delete_many([_key(provider, part) for part in ("failures", "opened_until", "probe")])
        _kept.pop(provider, None)


def circuit_record_failure(provider: str) -> None:
    failures_key = _key(provider, "failures")
    cache.add(failures_key, 0, timeout=_STATE_TTL_SECONDS)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired in between; start again
        cache.set(failures_key, 1, timeout=_STATE_TTL_SECONDS)
        failures = 1
    if failures >= settings.CIRCUIT_FAILURE_THRESHOLD:
        opened_until = time.time() + settings.CIRCUIT_COOLDOWN_SECONDS
        cache.set(_key(provider, "opened_until"), opened_until, timeout=_STATE_TTL_SECONDS)
        cache.delete(_key(provider, "probe"))
    _kept.pop(provider, None)
