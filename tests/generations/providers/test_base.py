"""The shared interface: params parsing, error classification, Retry-After, the registry."""

from __future__ import annotations

import email.utils
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generations.providers import (
    PROVIDER_LABELS,
    PROVIDERS,
    UnknownProviderError,
    build_provider,
    provider_class,
)
from generations.providers.base import (
    GenerationParams,
    PermanentProviderError,
    ProviderError,
    ProviderTimeout,
    RetryableProviderError,
    error_for_status,
    estimate_tokens,
    parse_retry_after,
)

# --- params ---


def test_params_keep_known_keys_and_ignore_unknown_ones() -> None:
    params = GenerationParams.parse(
        {"temperature": 0.2, "max_tokens": "300", "stop": "END", "response_style": "x"},
        provider="openai",
    )

    assert params.temperature == 0.2
    assert params.max_tokens == 300
    assert params.stop == ("END",)
    assert params.top_p is None


def test_params_accept_a_list_of_stop_sequences() -> None:
    params = GenerationParams.parse({"stop": ["a", "", "b"]}, provider="openai")

    assert params.stop == ("a", "b")


@pytest.mark.parametrize(
    "params",
    [{"temperature": "warm"}, {"max_tokens": True}, {"max_tokens": 10.5}, {"stop": [1, 2]}],
)
def test_unusable_params_are_a_permanent_error(params: dict[str, object]) -> None:
    with pytest.raises(PermanentProviderError, match="invalid params"):
        GenerationParams.parse(params, provider="openai")


# --- errors ---


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 529])
def test_transient_statuses_are_retryable(status: int) -> None:
    assert isinstance(error_for_status(status, "x", provider="p"), RetryableProviderError)


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 413, 422])
def test_other_client_statuses_are_permanent(status: int) -> None:
    error = error_for_status(status, "x", provider="p", headers={"Retry-After": "5"})

    assert isinstance(error, PermanentProviderError)
    assert error.retry_after is None


def test_retry_after_seconds_milliseconds_and_dates() -> None:
    in_ten_seconds = email.utils.formatdate(time.time() + 10, usegmt=True)

    assert parse_retry_after({"retry-after": "7"}) == 7
    assert parse_retry_after({"Retry-After": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "7"}) == 0.25
    assert 5 < (parse_retry_after({"retry-after": in_ten_seconds}) or 0) <= 10
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None


def test_errors_survive_pickling_with_their_fields() -> None:
    # Celery and multiprocessing move exceptions between processes by pickling them.
    error = RetryableProviderError("slow down", provider="openai", status_code=429, retry_after=3)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is RetryableProviderError
    assert (copy.message, copy.provider, copy.status_code, copy.retry_after) == (
        "slow down",
        "openai",
        429,
        3,
    )
    assert str(copy) == "openai: slow down (HTTP 429)"


def test_error_hierarchy() -> None:
    assert issubclass(ProviderTimeout, RetryableProviderError)
    assert RetryableProviderError.retryable and not PermanentProviderError.retryable
    assert issubclass(PermanentProviderError, ProviderError)


def test_token_estimate_is_four_characters_per_token() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abc") == 1
    assert estimate_tokens("a" * 400) == 100


# --- registry ---


def test_every_registered_provider_builds_with_matching_name_and_label() -> None:
    for name in PROVIDERS:
        provider = build_provider(name, api_key="key", base_url="http://fake-provider.test/v1")

        assert provider.name == name
        assert provider.label == PROVIDER_LABELS[name]
        assert provider.is_offline == (name == "local")
        assert provider.is_configured


def test_unknown_provider_names_the_known_ones() -> None:
    with pytest.raises(UnknownProviderError, match="known providers: openai, anthropic"):
        build_provider("skynet")
    with pytest.raises(ValueError):
        provider_class("")


@pytest.mark.parametrize("name", ["openai", "anthropic", "google"])
def test_hosted_providers_without_a_key_are_not_configured_and_fail_permanently(
    name: str,
) -> None:
    from tests.generations.providers.conftest import make_request

    provider = build_provider(name, base_url="http://fake-provider.test")

    assert not provider.is_configured
    with pytest.raises(PermanentProviderError, match="no API key"):
        provider.generate(make_request())


def test_local_provider_needs_nothing() -> None:
    provider = build_provider("local")

    assert provider.is_configured
    assert provider.is_offline
    assert "offline" in provider.label.lower()


def test_adapters_are_plain_python() -> None:
    # No Django (settings stay the caller's business), and no SDK until a provider is built.
    code = (
        "import sys\n"
        "import generations.providers as p\n"
        "assert not {'openai', 'anthropic', 'google.genai'} & set(sys.modules), 'eager SDK'\n"
        "for name in p.PROVIDERS: p.build_provider(name, api_key='k', base_url='http://x.test')\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[3]

    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )

    assert completed.returncode == 0, completed.stderr
