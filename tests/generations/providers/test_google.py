"""Google Gemini specifics: request shape, finish reasons, blocked prompts, thinking tokens."""

from __future__ import annotations

from typing import Any

import pytest

from generations.providers.base import RetryableProviderError
from generations.providers.google import GoogleProvider
from tests.generations.providers.cases import GEMINI_ANSWER
from tests.generations.providers.conftest import make_request
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, FakeServer


def _provider(server: FakeServer) -> GoogleProvider:
    return GoogleProvider(api_key="gm-test", base_url=server.url, allowed_hosts=LOOPBACK)


def _answer(**candidate: Any) -> FakeResponse:
    return FakeResponse(
        body={**GEMINI_ANSWER, "candidates": [{**GEMINI_ANSWER["candidates"][0], **candidate}]}
    )


def test_request_carries_key_system_instruction_and_generation_config(
    fake_server: FakeServer,
) -> None:
    fake_server.respond(FakeResponse(body=GEMINI_ANSWER))

    _provider(fake_server).generate(
        make_request(
            model="gemini-2.5-flash",
            system_prompt="You write copy.",
            params={"temperature": 0.4, "top_p": 0.8, "max_tokens": 256, "stop": ["END"]},
        )
    )

    sent = fake_server.requests[0]
    assert sent.path == "/v1/models/gemini-2.5-flash:generateContent"
    assert sent.headers["x-goog-api-key"] == "gm-test"
    body = sent.json()
    assert body["contents"] == [{"parts": [{"text": "Say hello"}], "role": "user"}]
    assert body["systemInstruction"]["parts"] == [{"text": "You write copy."}]
    assert body["generationConfig"] == {
        "temperature": 0.4,
        "topP": 0.8,
        "maxOutputTokens": 256,
        "stopSequences": ["END"],
    }


def test_timeout_is_sent_to_the_sdk_in_milliseconds(fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=GEMINI_ANSWER))

    _provider(fake_server).generate(make_request(timeout=12.5))

    # The SDK tells the server its deadline, rounded up to whole seconds.
    assert fake_server.requests[0].headers["x-server-timeout"] == "13"


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("STOP", "stop"),
        ("MAX_TOKENS", "length"),
        ("SAFETY", "content_filter"),
        ("RECITATION", "content_filter"),
        ("OTHER", "other"),
    ],
)
def test_finish_reasons_are_normalised(fake_server: FakeServer, reason: str, expected: str) -> None:
    fake_server.respond(_answer(finishReason=reason))

    assert _provider(fake_server).generate(make_request()).finish_reason == expected


def test_blocked_prompt_is_a_content_filtered_empty_answer(fake_server: FakeServer) -> None:
    fake_server.respond(
        FakeResponse(
            body={
                "promptFeedback": {"blockReason": "SAFETY"},
                "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9},
            }
        )
    )

    result = _provider(fake_server).generate(make_request())

    assert (result.text, result.finish_reason, result.input_tokens) == ("", "content_filter", 9)


def test_thoughts_are_not_text_but_their_tokens_are_output(fake_server: FakeServer) -> None:
    parts = [{"text": "pondering", "thought": True}, {"text": "Hello there"}]
    body = {
        **GEMINI_ANSWER,
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}],
        "usageMetadata": {
            "promptTokenCount": 11,
            "candidatesTokenCount": 3,
            "thoughtsTokenCount": 20,
        },
    }
    fake_server.respond(FakeResponse(body=body))

    result = _provider(fake_server).generate(make_request())

    assert result.text == "Hello there"
    assert result.output_tokens == 23


def test_resource_exhausted_with_retry_after(fake_server: FakeServer) -> None:
    body = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    fake_server.respond(FakeResponse(status=429, body=body, headers={"Retry-After": "30"}))

    with pytest.raises(RetryableProviderError, match="Quota exceeded") as caught:
        _provider(fake_server).generate(make_request())

    assert caught.value.retry_after == 30
