"""Google Gemini, through the `google-genai` SDK (not the retired `google-generativeai`).

Absolute imports make `from google import genai` below the SDK, not this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import httpx2
from google import genai
from google.genai import errors, types

from generations.outbound import async_client_options
from generations.providers import params as specs
from generations.providers.base import (
    DEFAULT_TIMEOUT,
    FINISH_CONTENT_FILTER,
    FINISH_ERROR,
    FINISH_LENGTH,
    FINISH_STOP,
    SHAPE_ERRORS,
    GenerationRequest,
    GenerationResult,
    ProviderError,
    ProviderTimeout,
    RetryableProviderError,
    SdkClientProvider,
    StreamEvent,
    error_for_status,
    finish_reason_of,
    malformed_answer,
    stream_cut,
)
from generations.providers.params import ParamSpec

_FINISH_REASONS = {
    "STOP": FINISH_STOP,
    "MAX_TOKENS": FINISH_LENGTH,
    "SAFETY": FINISH_CONTENT_FILTER,
    "RECITATION": FINISH_CONTENT_FILTER,
    "BLOCKLIST": FINISH_CONTENT_FILTER,
    "PROHIBITED_CONTENT": FINISH_CONTENT_FILTER,
    "SPII": FINISH_CONTENT_FILTER,
    "IMAGE_SAFETY": FINISH_CONTENT_FILTER,
    "IMAGE_PROHIBITED_CONTENT": FINISH_CONTENT_FILTER,
    "IMAGE_RECITATION": FINISH_CONTENT_FILTER,
    "FINISH_REASON_UNSPECIFIED": FINISH_ERROR,
    "MALFORMED_RESPONSE": FINISH_ERROR,
}


class GoogleProvider(SdkClientProvider):
    name = "google"
    label = "Google Gemini"
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        **specs.SAMPLING,
        "top_k": specs.TOP_K,
        "stop": specs.StopParam(max_items=5),
    }

    # --- the two calls ---

    def generate(self, request: GenerationRequest) -> GenerationResult:
        config = self._config(request)
        with self._translated_errors():
            response = self._sync_client().models.generate_content(
                model=request.model, contents=request.prompt, config=config
            )
            return _Collector(request, provider=self.name).add_all(response).result()

    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        config = self._config(request)
        yield from self._collected_stream(
            lambda: self._sync_client().models.generate_content_stream(
                model=request.model, contents=request.prompt, config=config
            ),
            _Collector(request, provider=self.name, streamed=True),
        )

    # --- SDK plumbing ---

    def _new_client(self) -> genai.Client:
        http_options = types.HttpOptions(
            base_url=self.base_url,
            timeout=_milliseconds(DEFAULT_TIMEOUT),
            # attempts=1 is one try and no retry: the provider manager owns retries.
            retry_options=types.HttpRetryOptions(attempts=1),
            client_args=self._http_client_options(),
            # The SDK builds an async client too, though nothing here calls it: a transport of
            # ours keeps that one guarded as well (and on httpx2, not aiohttp).
            async_client_args=async_client_options(allowed_hosts=self.allowed_hosts),
        )
        # enterprise=False pins the Gemini Developer API even if GOOGLE_GENAI_USE_VERTEXAI or
        # GOOGLE_GENAI_USE_ENTERPRISE happen to be set in the environment.
        return genai.Client(
            api_key=self._require_api_key(), enterprise=False, http_options=http_options
        )

    def _config(self, request: GenerationRequest) -> types.GenerateContentConfig:
        params = self._params(request)
        sampling: dict[str, Any] = {
            "temperature": params.temperature,
            "top_p": params.top_p,
            "top_k": params.top_k,
            "max_output_tokens": params.max_tokens,
            "stop_sequences": list(params.stop) or None,
            "seed": params.seed,
            "presence_penalty": params.presence_penalty,
            "frequency_penalty": params.frequency_penalty,
        }
        return types.GenerateContentConfig(
            system_instruction=request.system_prompt or None,
            # HttpOptions.timeout is in milliseconds, unlike the other SDKs' seconds.
            http_options=types.HttpOptions(timeout=_milliseconds(request.timeout)),
            # No tools are passed; switching the feature off also stops its per-call log line.
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
            **{key: value for key, value in sampling.items() if value is not None},
        )

    def _translate(self, exc: Exception) -> ProviderError | None:
        # This SDK lets its HTTP library's transport errors through unwrapped.
        if isinstance(exc, httpx2.TimeoutException):
            return ProviderTimeout("timed out", provider=self.name)
        if isinstance(exc, httpx2.TransportError):
            return RetryableProviderError(f"connection failed: {exc}", provider=self.name)
        if isinstance(exc, errors.APIError):
            headers = getattr(exc.response, "headers", None)
            return error_for_status(
                int(exc.code or 500), exc.message or str(exc), provider=self.name, headers=headers
            )
        # Undecodable JSON (UnknownApiResponseError is a ValueError) or an answer the SDK's
        # models reject (pydantic's ValidationError is one too).
        if isinstance(exc, SHAPE_ERRORS):
            return malformed_answer(self.name, f"{type(exc).__name__}: {exc}")
        return None


class _Collector:
    """Folds one answer, or the chunks of a streamed one, into a result."""

    def __init__(
        self, request: GenerationRequest, *, provider: str, streamed: bool = False
    ) -> None:
        self._request = request
        self._provider = provider
        self._streamed = streamed  # a stream may break off; a whole answer cannot
        self._parts: list[str] = []
        self._finish_reason: str | None = None
        self._blocked = False
        self._usage: types.GenerateContentResponseUsageMetadata | None = None
        self._model = ""

    def add_all(self, response: object) -> _Collector:
        self.add(response)
        return self

    def add(self, response: object) -> str:
        if not isinstance(response, types.GenerateContentResponse):
            raise TypeError("not a GenerateContentResponse")
        self._model = response.model_version or self._model
        # Each streamed chunk repeats the running totals, so the latest one wins.
        self._usage = response.usage_metadata or self._usage
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason is not None:
            self._blocked = True
        if not response.candidates:
            return ""
        candidate = response.candidates[0]
        if candidate.finish_reason is not None:
            self._finish_reason = _finish_reason(candidate.finish_reason)
        parts = candidate.content.parts if candidate.content and candidate.content.parts else []
        # Thought summaries are not the answer.
        text = "".join(part.text for part in parts if part.text and not part.thought)
        self._parts.append(text)
        return text

    def result(self) -> GenerationResult:
        if self._blocked:
            # The prompt itself was refused: no candidates, but a well-formed answer.
            self._finish_reason = FINISH_CONTENT_FILTER
        if self._finish_reason is None:
            if self._streamed:
                raise stream_cut(self._provider)
            raise malformed_answer(self._provider, "no candidates and no finish reason")
        usage = self._usage
        output = (usage.candidates_token_count or 0) if usage else 0
        # Thinking tokens are billed as output, so they count as output here too.
        output += (usage.thoughts_token_count or 0) if usage else 0
        return GenerationResult(
            text="".join(self._parts),
            finish_reason=self._finish_reason,
            input_tokens=(usage.prompt_token_count or 0) if usage else 0,
            output_tokens=output,
            model=self._model or self._request.model,
        )


def _finish_reason(reason: types.FinishReason | str) -> str:
    value = reason.value if isinstance(reason, types.FinishReason) else str(reason)
    return finish_reason_of(value, _FINISH_REASONS)


def _milliseconds(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))
