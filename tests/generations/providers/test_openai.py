"""OpenAI specifics: what goes on the wire, and how answers are read."""

from __future__ import annotations

import pytest

from generations.providers.openai import OpenAIProvider
from tests.generations.providers.cases import OPENAI_ANSWER, TEXT
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, FakeServer


def _answer(**choice: object) -> FakeResponse:
    body = {**OPENAI_ANSWER, "choices": [{**OPENAI_ANSWER["choices"][0], **choice}]}
    return FakeResponse(body=body)


def test_request_carries_messages_key_and_supported_params(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=OPENAI_ANSWER))
    provider = OpenAIProvider(
        api_key="sk-test", base_url=f"{fake_server.url}/v1", allowed_hosts=LOOPBACK
    )

    provider.generate(
        make_request(
            model="gpt-4.1-mini",
            system_prompt="You write copy.",
            params={
                "temperature": 0.3,
                "top_p": 0.9,
                "max_tokens": 200,
                "stop": ["END"],
                "seed": 7,
                "top_k": 40,  # not an OpenAI parameter: dropped, not sent
                "unknown": "ignored",
            },
        )
    )

    sent = fake_server.requests[0]
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.json() == {
        "model": "gpt-4.1-mini",
        "messages": [
            {"role": "system", "content": "You write copy."},
            {"role": "user", "content": "Say hello"},
        ],
        "temperature": 0.3,
        "top_p": 0.9,
        # Reasoning models reject max_tokens; every current model takes this one.
        "max_completion_tokens": 200,
        "stop": ["END"],
        "seed": 7,
    }


def test_no_system_message_when_the_system_prompt_is_empty(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=OPENAI_ANSWER))

    OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).generate(
        make_request()
    )

    assert fake_server.requests[0].json()["messages"] == [{"role": "user", "content": "Say hello"}]


def test_stream_asks_for_usage(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(events=["data: [DONE]\n\n"]))

    with pytest.raises(Exception):  # noqa: B017 - only the request matters here
        list(
            OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).stream(
                make_request()
            )
        )

    body = fake_server.requests[0].json()
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("stop", "stop"),
        ("length", "length"),
        ("content_filter", "content_filter"),
        ("tool_calls", "tool_calls"),
    ],
)
def test_finish_reasons_are_normalised(fake_server: FakeServer, reason: str, expected: str) -> None:
    fake_server.respond(_answer(finish_reason=reason))

    result = OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).generate(
        make_request()
    )

    assert result.finish_reason == expected
    assert result.text == TEXT


def test_a_refusal_reads_as_content_filtered(fake_server: FakeServer) -> None:
    fake_server.respond(
        _answer(message={"role": "assistant", "content": None, "refusal": "I can't help."})
    )

    result = OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).generate(
        make_request()
    )

    assert result.text == ""
    assert result.finish_reason == "content_filter"


def test_retry_after_ms_is_preferred(fake_server: FakeServer) -> None:
    from generations.providers.base import RetryableProviderError

    fake_server.respond(
        FakeResponse(
            status=429,
            body={"error": {"message": "slow"}},
            headers={"retry-after-ms": "1500", "Retry-After": "2"},
        )
    )

    with pytest.raises(RetryableProviderError) as caught:
        OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).generate(
            make_request()
        )

    assert caught.value.retry_after == 1.5


def test_error_event_inside_a_stream_is_retryable(fake_server: FakeServer) -> None:
    from generations.providers.base import RetryableProviderError

    fake_server.respond(
        FakeResponse(events=['data: {"error": {"message": "server overloaded"}}\n\n'])
    )

    with pytest.raises(RetryableProviderError, match="server overloaded"):
        list(
            OpenAIProvider(api_key="k", base_url=fake_server.url, allowed_hosts=LOOPBACK).stream(
                make_request()
            )
        )
