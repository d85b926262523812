"""OpenAI, through the Chat Completions API of the `openai` SDK.

`OpenAICompatibleProvider` (openai_compatible.py) reuses this class against any server that
speaks the same API. Absolute imports make `import openai` below the SDK, not this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, ClassVar

import openai

from generations.providers import params as specs
from generations.providers.base import (
    FINISH_CONTENT_FILTER,
    FINISH_LENGTH,
    FINISH_STOP,
    GenerationParams,
    GenerationRequest,
    GenerationResult,
    ProviderError,
    RetryableProviderError,
    StainlessSdkProvider,
    StreamEvent,
    estimate_tokens,
    finish_reason_of,
    malformed_answer,
    prompt_text,
    stream_cut,
)
from generations.providers.params import ParamSpec

# `client.post` with these options is what `chat.completions.create` sends, without its
# transform of the arguments (see `_body`); `bearer_auth` sends the API key. The answer comes
# back as the JSON it is (`cast_to=object`, and `Stream[object]` for a stream's chunks) rather
# than as the SDK's pydantic models: the few fields read here are read from the JSON. Measured
# (issue 20, the calling thread's CPU against the loopback fake): a call 0.59 -> 0.47 ms, a
# stream of 20 deltas 2.59 -> 1.16 ms. The SDK still sends the request and turns HTTP errors and
# a stream's error events into its exceptions.
_CHAT_COMPLETIONS = "/chat/completions"
_RAW_CHUNKS = openai.Stream[object]


def _options(request: GenerationRequest) -> Any:
    return {"timeout": request.timeout, "security": {"bearer_auth": True}}


_FINISH_REASONS = {
    "stop": FINISH_STOP,
    "length": FINISH_LENGTH,
    "content_filter": FINISH_CONTENT_FILTER,
}


class OpenAIProvider(StainlessSdkProvider):
    name = "openai"
    label = "OpenAI"
    default_base_url = "https://api.openai.com/v1"
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        **specs.SAMPLING,
        "stop": specs.StopParam(max_items=4),
    }
    sdk: ClassVar[ModuleType] = openai
    sdk_client = openai.OpenAI
    sdk_error = openai.OpenAIError

    # OpenAI's reasoning models reject `max_tokens`; `max_completion_tokens` works for every
    # current model. Compatible servers mostly know only `max_tokens`, hence the attribute.
    max_tokens_param: ClassVar[str] = "max_completion_tokens"

    # --- the two calls ---

    def generate(self, request: GenerationRequest) -> GenerationResult:
        body = self._body(request)
        with self._translated_errors():
            completion = self._sync_client().post(
                _CHAT_COMPLETIONS, body=body, options=_options(request), cast_to=object
            )
            return self._result(completion, request)

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        body = {**self._body(request), "stream": True, "stream_options": {"include_usage": True}}
        yield from self._collected_stream(
            lambda: self._sync_client().post(
                _CHAT_COMPLETIONS,
                body=body,
                options=_options(request),
                cast_to=object,
                stream=True,
                stream_cls=_RAW_CHUNKS,
            ),
            _ChunkCollector(request, provider=self.name),
        )

    # --- SDK plumbing ---

    def _body(self, request: GenerationRequest) -> dict[str, Any]:
        """The request's JSON, as `chat.completions.create` would send it: plain names and
        values (strings, numbers, a list of stop strings), which its type-driven transform of the
        arguments (a few per cent of a generation's server CPU, issue 20) leaves as they are."""
        params = self._params(request)
        messages: list[dict[str, str]] = []
        if request.system_prompt:
            messages.append({"role": "system", "content": request.system_prompt})
        messages.append({"role": "user", "content": request.prompt})
        body: dict[str, Any] = {"model": request.model, "messages": messages}
        body.update(self._sampling(params))
        return body

    def _sampling(self, params: GenerationParams) -> dict[str, Any]:
        sampling = {
            "temperature": params.temperature,
            "top_p": params.top_p,
            self.max_tokens_param: params.max_tokens,
            "stop": list(params.stop) or None,
            "seed": params.seed,
            "presence_penalty": params.presence_penalty,
            "frequency_penalty": params.frequency_penalty,
        }
        return {key: value for key, value in sampling.items() if value is not None}

    def _result(self, completion: object, request: GenerationRequest) -> GenerationResult:
        """The result a chat completion's JSON holds. A body that is not a JSON object (the SDK
        gives back the text of an answer that is not JSON) or has no choices is malformed; a
        field of the wrong type raises one of `SHAPE_ERRORS`, which mean the same."""
        if not isinstance(completion, dict) or not completion.get("choices"):
            raise malformed_answer(self.name, "no chat completion choices")
        choice = completion["choices"][0]
        message = choice["message"]
        text = _text(message.get("content"))
        finish_reason = finish_reason_of(choice.get("finish_reason"), _FINISH_REASONS)
        if not text and message.get("refusal"):
            finish_reason = FINISH_CONTENT_FILTER
        input_tokens, output_tokens = _usage(completion.get("usage"), request, text)
        return GenerationResult(
            text=text,
            finish_reason=finish_reason,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            model=completion.get("model") or request.model,
        )

    def _stream_error(self, exc: openai.APIError) -> ProviderError:
        # This SDK raises a bare APIError for it: a server-side failure.
        return RetryableProviderError(exc.message, provider=self.name)


class _ChunkCollector:
    """Accumulates a streamed chat completion into the final result."""

    def __init__(self, request: GenerationRequest, *, provider: str) -> None:
        self._request = request
        self._provider = provider
        self._parts: list[str] = []
        self._finish_reason: str | None = None
        self._usage: Any = None
        self._model = ""

    def add(self, chunk: object) -> str:
        """Take in one chunk's JSON (see `_CHAT_COMPLETIONS`)."""
        if not isinstance(chunk, dict):
            raise TypeError("stream chunk is not a chat completion chunk")
        self._model = chunk.get("model") or self._model
        if chunk.get("usage") is not None:  # sent alone in the last chunk, with empty choices
            self._usage = chunk["usage"]
        if not chunk.get("choices"):
            return ""
        choice = chunk["choices"][0]
        self._finish_reason = choice.get("finish_reason") or self._finish_reason
        text = _text((choice.get("delta") or {}).get("content"))
        self._parts.append(text)
        return text

    def result(self) -> GenerationResult:
        if self._finish_reason is None:
            raise stream_cut(self._provider)
        text = "".join(self._parts)
        input_tokens, output_tokens = _usage(self._usage, self._request, text)
        return GenerationResult(
            text=text,
            finish_reason=finish_reason_of(self._finish_reason, _FINISH_REASONS),
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            model=self._model or self._request.model,
        )


def _text(content: object) -> str:
    """A message's or a delta's `content`: a string, or null."""
    if content is None:
        return ""
    if not isinstance(content, str):
        raise TypeError(f"content is {type(content).__name__}, not text")
    return content


def _usage(usage: Any, request: GenerationRequest, text: str) -> tuple[int, int]:
    """Reported token counts (the answer's `usage` object), or an estimate when the server
    reports none (some compatible servers don't), so cost and quota accounting never see zero
    for real work."""
    if usage and usage.get("prompt_tokens") is not None:
        return int(usage["prompt_tokens"]), int(usage.get("completion_tokens") or 0)
    return estimate_tokens(prompt_text(request)), estimate_tokens(text)
