"""Anthropic Claude, through the Messages API of the `anthropic` SDK.

Absolute imports make `import anthropic` below the SDK, not this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import anthropic
from anthropic.types import Message

from generations.providers import params as specs
from generations.providers.base import (
    FINISH_CONTENT_FILTER,
    FINISH_LENGTH,
    FINISH_STOP,
    SHAPE_ERRORS,
    GenerationRequest,
    GenerationResult,
    PermanentProviderError,
    ProviderError,
    ProviderTimeout,
    RetryableProviderError,
    SdkClientProvider,
    StreamEvent,
    error_for_status,
    malformed_answer,
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


class AnthropicProvider(SdkClientProvider):
    name = "anthropic"
    label = "Anthropic"
    default_base_url = "https://api.anthropic.com"
    # Only what `_arguments` sends: this SDK's Messages API takes no temperature, top_p or top_k.
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "max_tokens": specs.MAX_TOKENS,
        "stop": specs.StopParam(max_items=8191),
    }

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

    def _new_client(self) -> anthropic.Anthropic:
        http_client = anthropic.DefaultHttpxClient(**self._http_client_options())
        return anthropic.Anthropic(**self._client_options(), http_client=http_client)

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
            finish_reason=_finish_reason(message.stop_reason),
            input_tokens=int(message.usage.input_tokens),
            output_tokens=int(message.usage.output_tokens),
            model=message.model or request.model,
        )

    def _translate(self, exc: Exception) -> ProviderError | None:
        if isinstance(exc, anthropic.APITimeoutError):
            return ProviderTimeout("timed out", provider=self.name)
        if isinstance(exc, anthropic.APIConnectionError):
            return RetryableProviderError(f"connection failed: {exc}", provider=self.name)
        if isinstance(exc, anthropic.APIStatusError):
            if exc.status_code < 300:  # an error event inside a stream answered 200
                return self._stream_error(exc)
            return error_for_status(
                exc.status_code, exc.message, provider=self.name, headers=exc.response.headers
            )
        if isinstance(exc, anthropic.APIResponseValidationError):
            return malformed_answer(self.name, str(exc))
        if isinstance(exc, anthropic.AnthropicError):
            return PermanentProviderError(str(exc), provider=self.name)
        # Undecodable JSON, or JSON of the wrong shape (the SDK does not validate by default).
        if isinstance(exc, SHAPE_ERRORS):
            return malformed_answer(self.name, f"{type(exc).__name__}: {exc}")
        return None

    def _stream_error(self, exc: anthropic.APIStatusError) -> ProviderError:
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
            raise RetryableProviderError(
                "stream ended before the answer finished", provider=self._provider
            )
        return GenerationResult(
            text="".join(self._parts),
            finish_reason=_finish_reason(self._stop_reason),
            input_tokens=self._input_tokens,
            output_tokens=self._output_tokens,
            model=self._model or self._request.model,
        )


def _finish_reason(reason: str | None) -> str:
    if reason is None:
        return FINISH_STOP
    return _FINISH_REASONS.get(reason, str(reason).lower())
