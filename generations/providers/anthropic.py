"""Anthropic Claude, through the Messages API of the `anthropic` SDK.

Absolute imports make `import anthropic` below the SDK, not this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, ClassVar

import anthropic
from anthropic.types import Message

from generations.providers import params as specs
from generations.providers.base import (
    FINISH_CONTENT_FILTER,
    FINISH_LENGTH,
    FINISH_STOP,
    GenerationRequest,
    GenerationResult,
    PermanentProviderError,
    ProviderError,
    RetryableProviderError,
    StainlessSdkProvider,
    StreamEvent,
    finish_reason_of,
    malformed_answer,
    stream_cut,
)
from generations.providers.params import ParamSpec

# The Messages API requires `max_tokens`; this applies when the request's params name none.
DEFAULT_MAX_TOKENS = 1024

_FINISH_REASONS = {
    "end_turn": FINISH_STOP,
    "stop_sequence": FINISH_STOP,
    "max_tokens": FINISH_LENGTH,
    "model_context_window_exceeded": FINISH_LENGTH,
    "refusal": FINISH_CONTENT_FILTER,
}

# An `error` event inside a stream arrives after a 200 status, so only its type tells
# whether it is transient.
_TRANSIENT_STREAM_ERRORS = frozenset(
    {"overloaded_error", "api_error", "rate_limit_error", "timeout_error"}
)


class AnthropicProvider(StainlessSdkProvider):
    name = "anthropic"
    label = "Anthropic"
    default_base_url = "https://api.anthropic.com"
    # Only what `_arguments` sends: this SDK's Messages API takes no temperature, top_p or top_k.
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "max_tokens": specs.MAX_TOKENS,
        "stop": specs.StopParam(max_items=8191),
    }
    sdk: ClassVar[ModuleType] = anthropic
    sdk_client = anthropic.Anthropic
    sdk_error = anthropic.AnthropicError

    # --- the two calls ---

    def generate(self, request: GenerationRequest) -> GenerationResult:
        arguments = self._arguments(request)
        with self._translated_errors():
            message = self._sync_client().messages.create(**arguments)
            return self._result(message, request)

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        arguments = self._arguments(request)
        yield from self._collected_stream(
            lambda: self._sync_client().messages.create(**arguments, stream=True),
            _EventCollector(request, provider=self.name),
        )

    # --- SDK plumbing ---

    def _arguments(self, request: GenerationRequest) -> dict[str, Any]:
        params = self._params(request)
        arguments: dict[str, Any] = {
            "model": request.model,
            "messages": [{"role": "user", "content": request.prompt}],
            "max_tokens": params.max_tokens or DEFAULT_MAX_TOKENS,
            "timeout": request.timeout,
        }
        if request.system_prompt:
            arguments["system"] = request.system_prompt
        if params.stop:
            arguments["stop_sequences"] = list(params.stop)
        # This SDK's Messages API takes no temperature, top_p or top_k (they are gone from
        # `messages.create` in anthropic 2.x), so those params are deliberately not sent.
        return arguments

    def _result(self, message: object, request: GenerationRequest) -> GenerationResult:
        if not isinstance(message, Message) or message.content is None or message.usage is None:
            raise malformed_answer(self.name, "not a message")
        # Only text blocks are the answer; thinking and tool blocks are not.
        text = "".join(block.text for block in message.content if block.type == "text")
        return GenerationResult(
            text=text,
            finish_reason=finish_reason_of(message.stop_reason, _FINISH_REASONS),
            input_tokens=int(message.usage.input_tokens),
            output_tokens=int(message.usage.output_tokens),
            model=message.model or request.model,
        )

    def _stream_error(self, exc: anthropic.APIError) -> ProviderError:
        # This SDK raises it as an APIStatusError with the stream's 200 status.
        body = exc.body if isinstance(exc.body, dict) else {}
        error = body.get("error")
        kind = error.get("type") if isinstance(error, dict) else None
        if kind in _TRANSIENT_STREAM_ERRORS:
            return RetryableProviderError(f"{kind} during stream", provider=self.name)
        return PermanentProviderError(f"{kind or 'error'} during stream", provider=self.name)


class _EventCollector:
    """Accumulates the Messages API's stream events into the final result."""

    def __init__(self, request: GenerationRequest, *, provider: str) -> None:
        self._request = request
        self._provider = provider
        self._parts: list[str] = []
        self._model = ""
        self._stop_reason: str | None = None
        self._input_tokens = 0
        self._output_tokens = 0

    def add(self, event: Any) -> str:
        if event.type == "message_start":
            self._model = event.message.model or ""
            self._input_tokens = int(event.message.usage.input_tokens or 0)
            self._output_tokens = int(event.message.usage.output_tokens or 0)
        elif event.type == "content_block_delta" and event.delta.type == "text_delta":
            self._parts.append(event.delta.text)
            return str(event.delta.text)
        elif event.type == "message_delta":
            self._stop_reason = event.delta.stop_reason
            # Usage in message_delta is cumulative, so it replaces rather than adds.
            self._output_tokens = int(event.usage.output_tokens or self._output_tokens)
            if getattr(event.usage, "input_tokens", None):
                self._input_tokens = int(event.usage.input_tokens)
        return ""

    def result(self) -> GenerationResult:
        if self._stop_reason is None:
            raise stream_cut(self._provider)
        return GenerationResult(
            text="".join(self._parts),
            finish_reason=finish_reason_of(self._stop_reason, _FINISH_REASONS),
            input_tokens=self._input_tokens,
            output_tokens=self._output_tokens,
            model=self._model or self._request.model,
        )
