from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from generations.providers import (
    PermanentProviderError,
    ProviderTimeout,
    RetryableProviderError,
    TextDelta,
)
from generations.services import circuit
from generations.services.circuit import CircuitState, circuit_state
from generations.services.manager import (
    AllProvidersFailed,
    Completed,
    Prompt,
    Target,
    backoff_delay,
    generate_with_fallback,
    stream_with_fallback,
)
from tests.generations.conftest import result

PROMPT = Prompt(prompt="Write about tea.", system_prompt="", params={})
OPENAI = Target("openai", "gpt-test")
ANTHROPIC = Target("anthropic", "claude-test")


def rate_limited(retry_after: float | None = 2.0) -> RetryableProviderError:
    return RetryableProviderError(
        "rate limited", provider="openai", status_code=429, retry_after=retry_after
    )


def run(chain: list[Target], attempts: list) -> tuple:
    return generate_with_fallback(chain=chain, prompt=PROMPT, credentials={}, attempts=attempts)


def test_transient_errors_are_retried_honouring_retry_after(scripts, sleeps) -> None:
    scripts["openai"].extend([rate_limited(2.0), ProviderTimeout("slow", provider="openai")])
    attempts: list = []

    target, answer = run([OPENAI], attempts)

    assert target == OPENAI
    assert answer.text == "A fine answer."
    assert [a["error"] != "" for a in attempts] == [True, True, False]
    assert sleeps[0] >= 2.0  # never sooner than Retry-After
    assert len(sleeps) == 2


def test_backoff_grows_exponentially_with_jitter(settings) -> None:
    settings.PROVIDER_BACKOFF_BASE_SECONDS = 1.0
    settings.PROVIDER_BACKOFF_MAX_SECONDS = 8.0

    delays = {retry: [backoff_delay(retry, None) for _ in range(200)] for retry in range(5)}

    for retry, samples in delays.items():
        assert max(samples) <= min(8.0, 2**retry)
        assert len(set(samples)) > 1  # jitter
    assert max(delays[3]) > max(delays[0])


def test_a_permanent_error_falls_back_to_the_next_target(scripts, sleeps) -> None:
    scripts["openai"].append(PermanentProviderError("bad key", provider="openai", status_code=401))
    attempts: list = []

    target, _ = run([OPENAI, ANTHROPIC], attempts)

    assert target == ANTHROPIC
    assert [(a["provider"], bool(a["error"])) for a in attempts] == [
        ("openai", True),
        ("anthropic", False),
    ]
    assert sleeps == []  # a permanent error is not retried


def test_exhausted_retries_fall_back(scripts, settings) -> None:
    settings.PROVIDER_MAX_RETRIES = 1
    scripts["openai"].extend([rate_limited(None), rate_limited(None)])
    attempts: list = []

    target, _ = run([OPENAI, ANTHROPIC], attempts)

    assert target == ANTHROPIC
    assert [a["provider"] for a in attempts] == ["openai", "openai", "anthropic"]


def test_a_retry_after_longer_than_the_backoff_allows_falls_back_at_once(
    scripts, settings, sleeps
) -> None:
    settings.PROVIDER_BACKOFF_MAX_SECONDS = 5
    scripts["openai"].append(rate_limited(120))

    target, _ = run([OPENAI, ANTHROPIC], [])

    assert target == ANTHROPIC
    assert sleeps == []


def test_when_every_target_fails_the_last_error_is_reported(scripts) -> None:
    scripts["openai"].append(PermanentProviderError("bad request", provider="openai"))
    scripts["anthropic"].append(PermanentProviderError("overloaded", provider="anthropic"))
    attempts: list = []

    with pytest.raises(AllProvidersFailed, match="overloaded"):
        run([OPENAI, ANTHROPIC], attempts)
    assert len(attempts) == 2


def test_circuit_opens_after_consecutive_failures_and_skips_the_provider(scripts, settings) -> None:
    settings.CIRCUIT_FAILURE_THRESHOLD = 3
    settings.PROVIDER_MAX_RETRIES = 0
    scripts["openai"].extend([rate_limited(None)] * 3)
    for _ in range(3):
        run([OPENAI, ANTHROPIC], [])
    calls_before = len(scripts.calls)
    attempts: list = []

    target, _ = run([OPENAI, ANTHROPIC], attempts)

    assert circuit_state("openai") is CircuitState.OPEN
    assert target == ANTHROPIC
    assert [c[0] for c in scripts.calls[calls_before:]] == ["anthropic"]  # openai not called
    assert "circuit open" in attempts[0]["error"]


def test_half_open_circuit_lets_one_probe_through_and_closes_on_success(
    scripts, settings, monkeypatch
) -> None:
    settings.CIRCUIT_FAILURE_THRESHOLD = 1
    settings.CIRCUIT_COOLDOWN_SECONDS = 30
    settings.PROVIDER_MAX_RETRIES = 0
    scripts["openai"].append(rate_limited(None))
    run([OPENAI, ANTHROPIC], [])
    later = time.time() + 31
    monkeypatch.setattr(circuit.time, "time", lambda: later)

    assert circuit_state("openai") is CircuitState.HALF_OPEN
    probe = circuit.circuit_check("openai")
    assert probe.allowed is True
    assert circuit.circuit_check("openai").allowed is False  # nobody else meanwhile
    circuit.circuit_record_success("openai", probe)
    assert circuit_state("openai") is CircuitState.CLOSED


def test_a_failed_probe_opens_the_circuit_again(settings, monkeypatch) -> None:
    settings.CIRCUIT_FAILURE_THRESHOLD = 1
    circuit.circuit_record_failure("openai")
    later = time.time() + settings.CIRCUIT_COOLDOWN_SECONDS + 1
    monkeypatch.setattr(circuit.time, "time", lambda: later)
    assert circuit.circuit_check("openai").allowed

    circuit.circuit_record_failure("openai")

    assert circuit_state("openai") is CircuitState.OPEN


def test_a_success_forgets_earlier_failures(scripts, settings) -> None:
    settings.CIRCUIT_FAILURE_THRESHOLD = 2
    settings.PROVIDER_MAX_RETRIES = 0
    scripts["openai"].extend([rate_limited(None), result("Fine."), rate_limited(None)])
    for _ in range(3):
        run([OPENAI, ANTHROPIC], [])

    assert circuit_state("openai") is CircuitState.CLOSED  # one failure since the success


def test_a_success_after_a_clean_check_writes_nothing(settings) -> None:
    """A clean check spares the success its round trip: a failure another process recorded in
    between stays counted."""
    settings.CIRCUIT_FAILURE_THRESHOLD = 1
    check = circuit.circuit_check("openai")
    assert check.clean
    circuit.circuit_record_failure("openai")  # another process, meanwhile

    circuit.circuit_record_success("openai", check)

    assert circuit_state("openai") is CircuitState.OPEN


def test_a_circuit_another_process_opened_is_noticed_within_a_second(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(circuit.time, "monotonic", lambda: clock[0])
    assert circuit.circuit_check("openai").allowed  # read, and kept for a second

    opened_until = time.time() + 60
    cache.set("circuit:openai:opened_until", opened_until, timeout=60)  # another process
    clock[0] += circuit.KEEP_SECONDS / 2
    still_allowed = circuit.circuit_check("openai").allowed
    clock[0] += circuit.KEEP_SECONDS

    assert still_allowed
    assert not circuit.circuit_check("openai").allowed


def test_permanent_errors_do_not_open_the_circuit(scripts, settings) -> None:
    settings.CIRCUIT_FAILURE_THRESHOLD = 1
    scripts["openai"].append(PermanentProviderError("bad request", provider="openai"))

    run([OPENAI, ANTHROPIC], [])

    assert circuit_state("openai") is CircuitState.CLOSED


def test_stream_falls_back_before_the_first_delta(scripts) -> None:
    scripts["openai"].append(PermanentProviderError("bad key", provider="openai"))
    scripts["anthropic"].append(result("Hello there world"))
    attempts: list = []

    events = list(
        stream_with_fallback(
            chain=[OPENAI, ANTHROPIC], prompt=PROMPT, credentials={}, attempts=attempts
        )
    )

    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert "".join(deltas).strip() == "Hello there world"
    assert isinstance(events[-1], Completed)
    assert events[-1].target == ANTHROPIC
    assert [a["provider"] for a in attempts] == ["openai", "anthropic"]
