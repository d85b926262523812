"""Anthropic specifics: request shape, stop reasons, and errors reported inside a stream."""

from __future__ import annotations

import pytest

from generations.providers.anthropic import DEFAULT_MAX_TOKENS, AnthropicProvider
from generations.providers.base import (
    PermanentProviderError,
    RetryableProviderError,
    StreamEnd,
)
from tests.generations.providers.cases import ANTHROPIC_ANSWER, anthropic_stream_events
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, FakeServer, sse


def _provider(server: FakeServer) -> AnthropicProvider:
    return AnthropicProvider(api_key="sk-ant-test", base_url=server.url, allowed_hosts=LOOPBACK)


def test_request_carries_system_prompt_and_supported_params(fake_server: FakeServer) -> None:
    # The anthropic 2.x SDK has no sampling parameters at all; they are dropped, not sent.
    fake_server.respond(FakeResponse(body=ANTHROPIC_ANSWER))

    _provider(fake_server).generate(
        make_request(
            model="claude-haiku-4-5",
            system_prompt="You write copy.",
            params={"temperature": 0.5, "top_k": 20, "max_tokens": 300, "stop": "END", "seed": 1},
        )
    )

    assert fake_server.requests[0].json() == {
        "model": "claude-haiku-4-5",
        "messages": [{"role": "user", "content": "Say hello"}],
        "system": "You write copy.",
        "max_tokens": 300,
        "stop_sequences": ["END"],
    }


def test_max_tokens_has_a_default_because_the_api_requires_it(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=ANTHROPIC_ANSWER))

    _provider(fake_server).generate(make_request())

    body = fake_server.requests[0].json()
    assert body["max_tokens"] == DEFAULT_MAX_TOKENS
    assert "system" not in body


@pytest.mark.parametrize(
    ("stop_reason", "expected"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("refusal", "content_filter"),
        ("tool_use", "tool_use"),
    ],
)
def test_stop_reasons_are_normalised(
    fake_server: FakeServer, stop_reason: str, expected: str
) -> None:
    fake_server.respond(FakeResponse(body={**ANTHROPIC_ANSWER, "stop_reason": stop_reason}))

    assert _provider(fake_server).generate(make_request()).finish_reason == expected


def test_only_text_blocks_make_the_answer(fake_server: FakeServer) -> None:
    content = [
        {"type": "thinking", "thinking": "Let me think.", "signature": "sig"},
        {"type": "text", "text": "Hello"},
        {"type": "text", "text": " there"},
    ]
    fake_server.respond(FakeResponse(body={**ANTHROPIC_ANSWER, "content": content}))

    assert _provider(fake_server).generate(make_request()).text == "Hello there"


def test_streamed_usage_takes_the_final_cumulative_count(fake_server: FakeServer) -> None:
    events = anthropic_stream_events("Hi", stop_reason="max_tokens", output_tokens=42)
    fake_server.respond(FakeResponse(events=events))

    end = list(_provider(fake_server).stream(make_request()))[-1]

    assert isinstance(end, StreamEnd)
    assert (end.result.output_tokens, end.result.finish_reason) == (42, "length")


def test_overloaded_529_is_retryable(fake_server: FakeServer) -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    fake_server.respond(FakeResponse(status=529, body=body))

    with pytest.raises(RetryableProviderError) as caught:
        _provider(fake_server).generate(make_request())

    assert caught.value.status_code == 529


def test_overloaded_error_event_inside_a_stream_is_retryable(fake_server: FakeServer) -> None:
    # The stream had already answered 200 when the error arrived.
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    fake_server.respond(
        FakeResponse(events=anthropic_stream_events()[:2] + sse(error, event="error"))
    )

    with pytest.raises(RetryableProviderError, match="overloaded_error"):
        list(_provider(fake_server).stream(make_request()))


def test_invalid_request_error_event_inside_a_stream_is_permanent(
    fake_server: FakeServer,
) -> None:
    error = {"type": "error", "error": {"type": "invalid_request_error", "message": "no"}}
    fake_server.respond(FakeResponse(events=sse(error, event="error")))

    with pytest.raises(PermanentProviderError, match="invalid_request_error"):
        list(_provider(fake_server).stream(make_request()))
