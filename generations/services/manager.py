"""The provider manager: one generation, tried along a fallback chain of (provider, model).

On each target, transient errors (429, 5xx, lost connections, timeouts) are retried with
exponential backoff and full jitter, never sooner than the provider's `Retry-After`; a permanent
error, exhausted retries or an open circuit move on to the next target. Every attempt is appended
to the caller's `attempts` list, so the record survives a failure of the whole chain; a caller that
must record each call before it is made (a worker, which may die during it) passes an
`AttemptObserver`.

No database access happens here: the caller records the outcome, and provider I/O never runs
inside a transaction.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from django.conf import settings

from generations.models import ProviderCredential
from generations.providers import (
    GenerationRequest,
    GenerationResult,
    PermanentProviderError,
    ProviderError,
    RetryableProviderError,
    StreamEnd,
    TextDelta,
)
from generations.services.circuit import (
    circuit_check,
    circuit_record_failure,
    circuit_record_success,
)
from generations.services.credentials import provider_for, provider_timeout

# Tests replace this to run retries without waiting.
sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Target:
    provider: str
    model: str


@dataclass(frozen=True)
class Prompt:
    prompt: str
    system_prompt: str
    params: dict[str, Any]
    language: str = "en"

    def request_for(self, target: Target) -> GenerationRequest:
        return GenerationRequest(
            model=target.model,
            prompt=self.prompt,
            system_prompt=self.system_prompt,
            params=self.params,
            timeout=provider_timeout(target.provider),
            language=self.language,
        )


@dataclass(frozen=True)
class Completed:
    """The end of a streamed generation: which target answered, and its full result."""

    target: Target
    result: GenerationResult


class AttemptObserver(Protocol):
    """Told of each provider call just before it is made, and of its failure."""

    def started(self, target: Target) -> None: ...

    def failed(self, error: Exception) -> None: ...


class CircuitOpen(RetryableProviderError):
    """The provider's circuit is open: it was not called."""


class AllProvidersFailed(Exception):
    def __init__(self, last_error: ProviderError | None) -> None:
        super().__init__(str(last_error) if last_error else "no provider to try")
        self.last_error = last_error


def backoff_delay(retry: int, retry_after: float | None) -> float:
    """Seconds before retry number `retry` (0-based): full jitter over an exponential ceiling,
    but never less than what the provider asked for."""
    ceiling = min(
        settings.PROVIDER_BACKOFF_MAX_SECONDS, settings.PROVIDER_BACKOFF_BASE_SECONDS * 2**retry
    )
    return max(random.uniform(0, ceiling), retry_after or 0.0)


def _record(
    attempts: list[dict[str, Any]], target: Target, started: float, error: Exception | None
) -> None:
    attempts.append(
        {
            "provider": target.provider,
            "model": target.model,
            "error": str(error) if error else "",
            "latency_ms": round((time.monotonic() - started) * 1000),
        }
    )


def _may_retry(retry: int, error: RetryableProviderError) -> bool:
    # A provider asking for a longer wait than the backoff allows is better served by fallback.
    too_long = (error.retry_after or 0) > settings.PROVIDER_BACKOFF_MAX_SECONDS
    return retry < settings.PROVIDER_MAX_RETRIES and not too_long


def _observe_failure(observer: AttemptObserver | None, error: Exception) -> None:
    if observer is not None:
        observer.failed(error)


def _call_with_retries(
    target: Target,
    call: Callable[[], Any],
    attempts: list[dict[str, Any]],
    observer: AttemptObserver | None = None,
) -> Any:
    for retry in range(settings.PROVIDER_MAX_RETRIES + 1):
        started = time.monotonic()
        circuit = circuit_check(target.provider)
        if not circuit.allowed:
            error = CircuitOpen("circuit open, provider not called", provider=target.provider)
            _record(attempts, target, started, error)
            raise error
        if observer is not None:
            observer.started(target)
        try:
            outcome = call()
        except RetryableProviderError as error:
            _observe_failure(observer, error)
            circuit_record_failure(target.provider)
            _record(attempts, target, started, error)
            if not _may_retry(retry, error):
                raise
            sleep(backoff_delay(retry, error.retry_after))
        except PermanentProviderError as error:
            # The request or the credential is at fault, not the provider: the circuit stays.
            _observe_failure(observer, error)
            _record(attempts, target, started, error)
            raise
        else:
            circuit_record_success(target.provider, circuit)
            _record(attempts, target, started, None)
            return outcome
    raise AssertionError("unreachable: the last retry either returns or raises")


def generate_with_fallback(
    *,
    chain: list[Target],
    prompt: Prompt,
    credentials: Mapping[str, ProviderCredential],
    attempts: list[dict[str, Any]],
    observer: AttemptObserver | None = None,
) -> tuple[Target, GenerationResult]:
    last_error: ProviderError | None = None
    for target in chain:
        adapter = provider_for(provider=target.provider, credentials=credentials)
        request = prompt.request_for(target)
        call = partial(adapter.generate, request)
        try:
            return target, _call_with_retries(target, call, attempts, observer)
        except ProviderError as error:
            last_error = error
    raise AllProvidersFailed(last_error)


def _open_stream(adapter: Any, request: GenerationRequest) -> tuple[Any, Iterator[Any]]:
    """Start a stream and wait for its first event, so that failures to connect are raised here
    (and retried) rather than after the caller has begun showing text. The attempt is recorded
    with the latency to that first event."""
    events = adapter.stream(request)
    return next(events), events


def stream_with_fallback(
    *,
    chain: list[Target],
    prompt: Prompt,
    credentials: Mapping[str, ProviderCredential],
    attempts: list[dict[str, Any]],
) -> Iterator[TextDelta | Completed]:
    """Yield text deltas, then one `Completed`. Retries and fallback apply until the first
    event arrives; after that a failure is raised, since text was already shown."""
    last_error: ProviderError | None = None
    for target in chain:
        adapter = provider_for(provider=target.provider, credentials=credentials)
        request = prompt.request_for(target)
        try:
            first, events = _call_with_retries(
                target, partial(_open_stream, adapter, request), attempts
            )
        except ProviderError as error:
            last_error = error
            continue
        for event in itertools.chain([first], events):
            if isinstance(event, StreamEnd):
                yield Completed(target=target, result=event.result)
                return
            yield event
        return
    raise AllProvidersFailed(last_error)
