"""OpenAI, through the Chat Completions API of the `openai` SDK.

`OpenAICompatibleProvider` (openai_compatible.py) reuses this class against any server that
speaks the same API. Absolute imports make `import openai` below the SDK, not this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, ClassVar

import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk

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
# transform of the arguments (see `_body`); `bearer_auth` sends the API key.
_CHAT_COMPLETIONS = "/chat/completions"


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
                _CHAT_COMPLETIONS, body=body, options=_options(request), cast_to=ChatCompletion
            )
            return self._result(completion, request)

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        body = {**self._body(request), "stream": True, "stream_options": {"include_usage": True}}
        yield from self._collected_stream(
            lambda: self._sync_client().post(
                _CHAT_COMPLETIONS,
                body=body,
                options=_options(request),
                cast_to=ChatCompletion,
                stream=True,
                stream_cls=openai.Stream[ChatCompletionChunk],
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
        if not isinstance(completion, ChatCompletion) or not completion.choices:
            raise malformed_answer(self.name, "no chat completion choices")
        choice = completion.choices[0]
        text = choice.message.content or ""
        finish_reason = finish_reason_of(choice.finish_reason, _FINISH_REASONS)
        if not text and choice.message.refusal:
            finish_reason = FINISH_CONTENT_FILTER
        input_tokens, output_tokens = _usage(completion.usage, request, text)
        return GenerationResult(
            text=text,
            finish_reason=finish_reason,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            model=completion.model or request.model,
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
        if not isinstance(chunk, ChatCompletionChunk):
            raise TypeError("stream chunk is not a chat completion chunk")
        self._model = chunk.model or self._model
        if chunk.usage is not None:  # sent alone in the last chunk, with empty choices
            self._usage = chunk.usage
        if not chunk.choices:
            return ""
        choice = chunk.choices[0]
        self._finish_reason = choice.finish_reason or self._finish_reason
        text = choice.delta.content or ""
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


def _usage(usage: Any, request: GenerationRequest, text: str) -> tuple[int, int]:
    """Reported token counts, or an estimate when the server reports none (some compatible
    servers don't), so cost and quota accounting never see zero for real work."""
    if usage is not None and usage.prompt_tokens is not None:
        return int(usage.prompt_tokens), int(usage.completion_tokens or 0)
    return estimate_tokens(prompt_text(request)), estimate_tokens(text)
