"""OpenAI-compatible servers (Ollama, vLLM, LM Studio): keyless, `max_tokens`, usage optional."""

from __future__ import annotations

import pytest

from generations.providers.base import PermanentProviderError, StreamEnd, TextDelta
from generations.providers.openai_compatible import OpenAICompatibleProvider
from tests.generations.providers.cases import OPENAI_ANSWER, TEXT
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, FakeServer, sse


def test_works_without_an_api_key_and_sends_max_tokens(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body={**OPENAI_ANSWER, "model": "llama3.1:8b"}))
    provider = OpenAICompatibleProvider(base_url=f"{fake_server.url}/v1", allowed_hosts=LOOPBACK)

    result = provider.generate(make_request(model="llama3.1:8b", params={"max_tokens": 64}))

    assert result.text == TEXT
    assert result.model == "llama3.1:8b"
    body = fake_server.requests[0].json()
    assert body["max_tokens"] == 64
    assert "max_completion_tokens" not in body


def test_an_api_key_is_sent_when_given(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=OPENAI_ANSWER))

    OpenAICompatibleProvider(
        api_key="vllm-key", base_url=fake_server.url, allowed_hosts=LOOPBACK
    ).generate(make_request())

    assert fake_server.requests[0].headers["authorization"] == "Bearer vllm-key"


def test_missing_usage_is_estimated(fake_server: FakeServer) -> None:
    body = {key: value for key, value in OPENAI_ANSWER.items() if key != "usage"}
    fake_server.respond(FakeResponse(body=body))

    result = OpenAICompatibleProvider(base_url=fake_server.url, allowed_hosts=LOOPBACK).generate(
        make_request(prompt="x" * 40)
    )

    assert (result.input_tokens, result.output_tokens) == (10, 3)  # 40/4 and ceil(11/4)


def test_stream_without_usage_is_estimated(fake_server: FakeServer) -> None:
    chunk = {
        "id": "1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "llama3.1",
        "choices": [{"index": 0, "delta": {"content": "Hello there"}, "finish_reason": "stop"}],
    }
    fake_server.respond(FakeResponse(events=sse(chunk, "[DONE]")))

    events = list(
        OpenAICompatibleProvider(base_url=fake_server.url, allowed_hosts=LOOPBACK).stream(
            make_request()
        )
    )

    assert events[0] == TextDelta("Hello there")
    assert isinstance(events[-1], StreamEnd)
    assert events[-1].result.output_tokens == 3


def test_without_a_base_url_it_is_not_configured() -> None:
    provider = OpenAICompatibleProvider()

    assert not provider.is_configured
    with pytest.raises(PermanentProviderError, match="no base URL"):
        provider.generate(make_request())
