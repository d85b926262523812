"""Fixtures for provider adapter tests: a fake provider API on loopback, and request helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generations.providers.base import GenerationRequest
from tests.generations.providers.fake_server import FakeServer, running_server

# Short enough to keep the timeout tests quick, long enough for a loopback round trip.
SHORT_TIMEOUT = 0.2


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    yield from running_server()


def make_request(
    *,
    model: str = "test-model",
    prompt: str = "Say hello",
    system_prompt: str = "",
    params: dict[str, Any] | None = None,
    timeout: float = 5.0,
) -> GenerationRequest:
    return GenerationRequest(
        model=model,
        prompt=prompt,
        system_prompt=system_prompt,
        params=params or {},
        timeout=timeout,
    )
