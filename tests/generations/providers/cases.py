"""What each SDK-backed provider's API looks like on the wire, for the shared contract tests.

Every case answers "Hello there" with 11 input and 3 output tokens, so one set of assertions
covers all four adapters; provider-specific behaviour lives in each provider's own test file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generations.providers.anthropic import AnthropicProvider
from generations.providers.base import Provider
from generations.providers.google import GoogleProvider
from generations.providers.openai import OpenAIProvider
from generations.providers.openai_compatible import OpenAICompatibleProvider
from tests.generations.providers.fake_server import LOOPBACK, FakeResponse, sse

TEXT = "Hello there"
INPUT_TOKENS = 11
OUTPUT_TOKENS = 3


@dataclass(frozen=True)
class ProviderCase:
    name: str
    build: Callable[[str], Provider]  # fake server URL -> adapter aimed at it
    path: str  # where the adapter must POST
    stream_path: str
    answer: FakeResponse
    streamed_answer: FakeResponse
    answered_model: str
    # A well-formed JSON body of the wrong shape for this API.
    wrong_shape: dict[str, Any]

    def __str__(self) -> str:
        return self.name


def error_body(status: int, message: str) -> dict[str, Any]:
    """An error body every one of these APIs' SDKs can read a message from."""
    return {
        "type": "error",
        "error": {"type": "api_error", "code": status, "message": message, "status": "ERROR"},
    }


# --- OpenAI and compatible servers ---


def _openai_chunk(content: str | None, finish_reason: str | None = None) -> dict[str, Any]:
    delta = {"content": content} if content is not None else {}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


OPENAI_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": TEXT},
            "finish_reason": "stop",
        }
    ],
    "usage": {
        "prompt_tokens": INPUT_TOKENS,
        "completion_tokens": OUTPUT_TOKENS,
        "total_tokens": INPUT_TOKENS + OUTPUT_TOKENS,
    },
}

OPENAI_STREAM = sse(
    _openai_chunk(""),
    _openai_chunk("Hello"),
    _openai_chunk(" there"),
    _openai_chunk(None, "stop"),
    {
        **_openai_chunk(None),
        "choices": [],
        "usage": OPENAI_ANSWER["usage"],
    },
    "[DONE]",
)


# --- Anthropic ---

ANTHROPIC_ANSWER = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{"type": "text", "text": TEXT}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": INPUT_TOKENS, "output_tokens": OUTPUT_TOKENS},
}


def anthropic_stream_events(
    *deltas: str, stop_reason: str = "end_turn", output_tokens: int = OUTPUT_TOKENS
) -> list[str]:
    start = {
        **ANTHROPIC_ANSWER,
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": INPUT_TOKENS, "output_tokens": 1},
    }
    events = sse({"type": "message_start", "message": start}, event="message_start")
    events += sse(
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        event="content_block_start",
    )
    for text in deltas:
        events += sse(
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": text},
            },
            event="content_block_delta",
        )
    events += sse({"type": "content_block_stop", "index": 0}, event="content_block_stop")
    events += sse(
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": output_tokens},
        },
        event="message_delta",
    )
    events += sse({"type": "message_stop"}, event="message_stop")
    return events


# --- Google Gemini ---


def _gemini(text: str, finish_reason: str | None = None) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]}}
    if finish_reason:
        candidate["finishReason"] = finish_reason
    return {
        "candidates": [candidate],
        "usageMetadata": {
            "promptTokenCount": INPUT_TOKENS,
            "candidatesTokenCount": OUTPUT_TOKENS,
            "totalTokenCount": INPUT_TOKENS + OUTPUT_TOKENS,
        },
        "modelVersion": "gemini-2.5-flash-001",
    }


GEMINI_ANSWER = _gemini(TEXT, "STOP")
GEMINI_STREAM = sse(_gemini("Hello"), _gemini(" there", "STOP"))


CASES = [
    ProviderCase(
        name="openai",
        build=lambda url: OpenAIProvider(
            api_key="sk-test", base_url=f"{url}/v1", allowed_hosts=LOOPBACK
        ),
        path="/v1/chat/completions",
        stream_path="/v1/chat/completions",
        answer=FakeResponse(body=OPENAI_ANSWER),
        streamed_answer=FakeResponse(events=OPENAI_STREAM),
        answered_model="gpt-4o-2024-08-06",
        wrong_shape={"object": "list", "data": []},
    ),
    ProviderCase(
        name="openai_compatible",
        build=lambda url: OpenAICompatibleProvider(base_url=f"{url}/v1", allowed_hosts=LOOPBACK),
        path="/v1/chat/completions",
        stream_path="/v1/chat/completions",
        answer=FakeResponse(body=OPENAI_ANSWER),
        streamed_answer=FakeResponse(events=OPENAI_STREAM),
        answered_model="gpt-4o-2024-08-06",
        wrong_shape={"object": "list", "data": []},
    ),
    ProviderCase(
        name="anthropic",
        build=lambda url: AnthropicProvider(
            api_key="sk-ant-test", base_url=url, allowed_hosts=LOOPBACK
        ),
        path="/v1/messages",
        stream_path="/v1/messages",
        answer=FakeResponse(body=ANTHROPIC_ANSWER),
        streamed_answer=FakeResponse(events=anthropic_stream_events("Hello", " there")),
        answered_model="claude-sonnet-4-5-20250929",
        wrong_shape={"id": "msg_1", "type": "message"},
    ),
    ProviderCase(
        name="google",
        build=lambda url: GoogleProvider(api_key="gm-test", base_url=url, allowed_hosts=LOOPBACK),
        path="/v1/models/test-model:generateContent",
        stream_path="/v1/models/test-model:streamGenerateContent?alt=sse",
        answer=FakeResponse(body=GEMINI_ANSWER),
        streamed_answer=FakeResponse(events=GEMINI_STREAM),
        answered_model="gemini-2.5-flash-001",
        wrong_shape={"candidates": "not a list"},
    ),
]
