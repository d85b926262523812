"""The one interface every AI provider adapter implements.

An adapter turns a `GenerationRequest` into a `GenerationResult` through its SDK, two ways:
`generate` (one blocking call) and `stream` (a blocking iterator of `StreamEvent`s).
It makes exactly one attempt: retries, backoff, fallback and circuit breaking belong to the
provider manager, so adapters switch the SDKs' own retries off and raise one of two error kinds:

- `RetryableProviderError` (and its `ProviderTimeout`): rate limits, 5xx, lost connections,
  timeouts — trying again later, or on another provider, may succeed.
- `PermanentProviderError`: bad request, bad credentials, unknown model, malformed answer —
  the same call will fail the same way.

Adapters are plain Python: credentials and base URLs come from the caller, never from settings.
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, ClassVar, Protocol
from urllib.parse import urlsplit

from generations.outbound import BlockedAddress, client_options
from generations.providers.params import ParamSpec

DEFAULT_TIMEOUT = 60.0

# Finish reasons every adapter maps its SDK's vocabulary onto; anything else passes through
# lower-cased (e.g. "tool_calls"), so no information is lost.
FINISH_STOP = "stop"
FINISH_LENGTH = "length"
FINISH_CONTENT_FILTER = "content_filter"
FINISH_ERROR = "error"


def finish_reason_of(reason: str | None, known: Mapping[str, str]) -> str:
    """The finish reason an SDK's `reason` means (`known` maps its vocabulary): an unknown one
    lower-cased, a missing one a normal stop (some compatible servers omit it when complete)."""
    if reason is None:
        return FINISH_STOP
    return known.get(reason, reason.lower())


# Besides 429 and 5xx: 408 request timeout, 409 conflict (the providers document it as
# transient) and 425 too early are worth another try.
_RETRYABLE_STATUSES = frozenset({408, 409, 425, 429})


# --- requests and results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    """What to generate. `params` is free-form; see `GenerationParams` for the keys honoured.

    `timeout` bounds each network wait (connecting, and every read, so a stream that keeps
    producing may run longer in total); the manager enforces any overall deadline.
    """

    model: str
    prompt: str
    system_prompt: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    # The template's language (BCP 47). Models follow the prompt; the offline draft writes in it.
    language: str = "en"


@dataclass(frozen=True, slots=True)
class GenerationResult:
    """A finished generation. `model` is the model as the provider named it in its answer."""

    text: str
    finish_reason: str
    input_tokens: int
    output_tokens: int
    model: str


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of streamed text; the pieces concatenate to the final `GenerationResult.text`."""

    text: str


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """The last event of every successful stream, carrying the complete result."""

    result: GenerationResult


# `Provider.stream` yields zero or more `TextDelta`s, then exactly one `StreamEnd`; a failure
# part-way raises a `ProviderError` instead of yielding `StreamEnd`.
StreamEvent = TextDelta | StreamEnd


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """The sampling parameters adapters understand, parsed once from `GenerationRequest.params`.

    Unknown keys are ignored so templates can carry provider-specific extras without breaking
    other providers; a known key with an unusable value is the caller's mistake and raises
    `PermanentProviderError`. Each adapter passes on only what its API supports.
    """

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    max_tokens: int | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None

    @classmethod
    def parse(cls, params: Mapping[str, Any], *, provider: str) -> GenerationParams:
        try:
            return cls(
                temperature=_optional(params, "temperature", float),
                top_p=_optional(params, "top_p", float),
                top_k=_optional(params, "top_k", int),
                max_tokens=_optional(params, "max_tokens", int),
                stop=_stop_sequences(params.get("stop")),
                seed=_optional(params, "seed", int),
                presence_penalty=_optional(params, "presence_penalty", float),
                frequency_penalty=_optional(params, "frequency_penalty", float),
            )
        except (TypeError, ValueError) as exc:
            raise PermanentProviderError(f"invalid params: {exc}", provider=provider) from exc


def _optional(params: Mapping[str, Any], key: str, kind: type[int] | type[float]) -> Any:
    value = params.get(key)
    if value is None:
        return None
    # bool is an int subclass; `max_tokens: true` is a mistake, not 1.
    if isinstance(value, bool) or (kind is int and isinstance(value, float)):
        raise ValueError(f"{key} must be {'an integer' if kind is int else 'a number'}")
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be {'an integer' if kind is int else 'a number'}") from None


def _stop_sequences(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(item for item in value if item)
    raise ValueError("stop must be a string or a list of strings")


# --- errors ---------------------------------------------------------------------------------

REDACTED = "***"  # what an error shows instead of a secret it quoted


class ProviderError(Exception):
    """A failed provider call. `provider` is the adapter's `name`."""

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status_code = status_code
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments defeat the default pickling, which Celery and
        # multiprocessing rely on to carry exceptions between processes.
        return (
            _rebuild_error,
            (type(self), self.message, self.provider, self.status_code, self.retry_after),
        )

    def __str__(self) -> str:
        status = f" (HTTP {self.status_code})" if self.status_code else ""
        return f"{self.provider}: {self.message}{status}"


def _rebuild_error(
    cls: type[ProviderError],
    message: str,
    provider: str,
    status_code: int | None,
    retry_after: float | None,
) -> ProviderError:
    return cls(message, provider=provider, status_code=status_code, retry_after=retry_after)


class RetryableProviderError(ProviderError):
    """Transient: rate limited, server error, connection lost. `retry_after` is in seconds."""

    retryable = True


class ProviderTimeout(RetryableProviderError):
    """The provider did not answer within `GenerationRequest.timeout`."""


class PermanentProviderError(ProviderError):
    """The same call would fail again: invalid request, credentials, model, or answer."""


def error_for_status(
    status_code: int,
    message: str,
    *,
    provider: str,
    headers: Mapping[str, str] | None = None,
) -> ProviderError:
    """The error kind an HTTP error status means, with `Retry-After` parsed when present."""
    if 300 <= status_code < 400:
        # Redirects are not followed (generations.outbound): one could lead to this server's own
        # network.
        return PermanentProviderError(
            "answered with a redirect, which is not followed: set the base URL to the address "
            "the provider really answers at",
            provider=provider,
            status_code=status_code,
        )
    if status_code in _RETRYABLE_STATUSES or status_code >= 500:
        return RetryableProviderError(
            message,
            provider=provider,
            status_code=status_code,
            retry_after=parse_retry_after(headers or {}),
        )
    return PermanentProviderError(message, provider=provider, status_code=status_code)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait, from `retry-after-ms` (OpenAI, Anthropic) or `Retry-After`.

    `Retry-After` may be seconds or an HTTP date. Header lookup is case-insensitive when
    `headers` is an HTTP library's headers object; plain dicts are searched case-insensitively
    too.
    """
    milliseconds = _header(headers, "retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = _header(headers, "retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        seconds = email.utils.mktime_tz(parsed) - time.time()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    return next((v for k, v in headers.items() if k.lower() == name), None)


def prompt_text(request: GenerationRequest) -> str:
    """Everything sent as input, for estimating input tokens."""
    if request.system_prompt:
        return f"{request.system_prompt}\n{request.prompt}"
    return request.prompt


# What parsing an answer of the wrong shape raises: JSONDecodeError and pydantic's
# ValidationError are ValueErrors, and the SDKs' unvalidated models fail on attribute access.
SHAPE_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
)


def malformed_answer(provider: str, detail: str) -> PermanentProviderError:
    return PermanentProviderError(f"malformed answer: {detail}", provider=provider)


def stream_cut(provider: str) -> RetryableProviderError:
    """The connection closed before the model finished: worth another attempt."""
    return RetryableProviderError("stream ended before the answer finished", provider=provider)


# --- token estimate -------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """Roughly how many tokens `text` is: one per four characters, the usual rule of thumb
    for English with BPE tokenisers. Used by the offline provider, and when a server does not
    report usage."""
    return math.ceil(len(text) / 4) if text else 0


def _blocked_address(exc: BaseException) -> BlockedAddress | None:
    """The outbound guard's refusal behind `exc`, which the SDKs wrap in their own errors."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, BlockedAddress):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


# --- the provider interface -----------------------------------------------------------------


class Provider(ABC):
    """An AI provider behind the shared interface.

    Subclasses set `name` (the registry key stored on generations), `label` (for people),
    `is_offline` (True only for the local provider, whose output is not a real model's),
    `param_specs` (the `params` keys the adapter passes on, with their ranges; see params.py)
    and `any_model` (True when the server's models are free names that no catalogue lists).
    """

    name: ClassVar[str]
    label: ClassVar[str]
    is_offline: ClassVar[bool] = False
    requires_api_key: ClassVar[bool] = True
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}
    any_model: ClassVar[bool] = False

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        allowed_hosts: Collection[str] = (),
        connections: int | None = None,
    ) -> None:
        self.api_key = api_key or None
        self.base_url = base_url or None
        # Hosts on a private network this adapter may call; any other such address is refused
        # when connecting (see generations.outbound).
        self.allowed_hosts = frozenset(allowed_hosts)
        # Calls this adapter's HTTP client may have open at once (None: httpx's default).
        self.connections = connections

    @property
    def is_configured(self) -> bool:
        """Whether calls can be attempted at all (credentials present); no network involved."""
        return self.api_key is not None or not self.requires_api_key

    @abstractmethod
    def generate(self, request: GenerationRequest) -> GenerationResult:
        """Generate in one blocking call."""

    @abstractmethod
    def stream(self, request: GenerationRequest) -> Iterator[StreamEvent]:
        """Yield `TextDelta`s as text arrives, then one `StreamEnd` with the full result."""

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release pooled connections held by the adapter, if any."""

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """Re-raise what the SDK raises as a `ProviderError` (see `_translate`), chained to
        the original so logs keep the SDK's detail."""
        try:
            yield
        except ProviderError:
            raise
        except Exception as exc:
            blocked = _blocked_address(exc)
            if blocked is not None:
                raise PermanentProviderError(str(blocked), provider=self.name) from exc
            error = self._translate(exc)
            if error is None:
                raise
            error.message = self._redacted(error.message)
            if self._redacted(str(exc)) != str(exc):
                raise error from None  # the SDK's own error quotes the secret too
            raise error from exc

    def _redacted(self, text: str) -> str:
        """`text` without this adapter's secrets, its key and its base URL's password: a
        provider may quote the key it refused, an error may quote the URL it called."""
        password = urlsplit(self.base_url).password if self.base_url else None
        for secret in (self.api_key, password):
            if secret:
                text = text.replace(secret, REDACTED)
        return text

    def _translate(self, exc: Exception) -> ProviderError | None:
        """The `ProviderError` an SDK exception means, or None to let it through (a bug)."""
        return None

    def _params(self, request: GenerationRequest) -> GenerationParams:
        return GenerationParams.parse(request.params, provider=self.name)

    def _require_api_key(self) -> str:
        if self.api_key is None:
            raise PermanentProviderError("no API key configured", provider=self.name)
        return self.api_key

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class StreamCollector(Protocol):
    """Folds the chunks of a streamed answer into its result."""

    def add(self, chunk: Any) -> str:
        """Take in one chunk; the text it adds to the answer."""

    def result(self) -> GenerationResult:
        """The whole answer; `RetryableProviderError` when the stream broke off before its end."""


class SdkClientProvider(Provider):
    """A provider called through an SDK client that pools its connections: the client is built
    on first use and kept, shared by the threads that share the adapter."""

    # Explicit, so that the SDK never falls back to a *_BASE_URL it finds in the environment:
    # where requests go is the caller's decision.
    default_base_url: ClassVar[str | None] = None

    def __init__(self, **options: Any) -> None:  # Provider's options
        super().__init__(**options)
        self._client: Any = None
        # Stops two threads each building a client (and one pool leaking) on first use.
        self._lock = threading.Lock()

    @abstractmethod
    def _new_client(self) -> Any:
        """A new sync SDK client, with the SDK's own retries off."""

    def _sync_client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _client_options(self) -> dict[str, Any]:
        """The SDK client's options (as OpenAI's and Anthropic's SDKs name them)."""
        return {
            "api_key": self._require_api_key(),
            "base_url": self.base_url or self.default_base_url,
            "max_retries": 0,  # the provider manager owns retries
            "timeout": DEFAULT_TIMEOUT,
        }

    def _http_client_options(self) -> dict[str, Any]:
        """Options of the SDK's `httpx2.Client`, guarded as `generations.outbound` says."""
        return client_options(allowed_hosts=self.allowed_hosts, connections=self.connections)

    def _collected_stream(
        self, open_stream: Callable[[], Iterable[Any]], collector: StreamCollector
    ) -> Iterator[StreamEvent]:
        """Yield each chunk's text as it arrives, then one `StreamEnd` with the whole answer.
        The SDK's response is closed even when the consumer stops early."""
        with self._translated_errors():
            chunks = open_stream()
            try:
                for chunk in chunks:
                    text = collector.add(chunk)
                    if text:
                        yield TextDelta(text)
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
            result = collector.result()
        yield StreamEnd(result)


class StainlessSdkProvider(SdkClientProvider):
    """A provider whose SDK Stainless generated (OpenAI's and Anthropic's): the same client
    options, HTTP client and error classes, by the same names."""

    sdk: ClassVar[ModuleType]
    sdk_client: ClassVar[Callable[..., Any]]  # the SDK's sync client class
    sdk_error: ClassVar[type[Exception]]  # the SDK's root exception

    def _new_client(self) -> Any:
        http_client = self.sdk.DefaultHttpxClient(**self._http_client_options())
        return self.sdk_client(**self._client_options(), http_client=http_client)

    def _translate(self, exc: Exception) -> ProviderError | None:
        sdk = self.sdk
        if isinstance(exc, sdk.APITimeoutError):
            return ProviderTimeout("timed out", provider=self.name)
        if isinstance(exc, sdk.APIConnectionError):
            return RetryableProviderError(f"connection failed: {exc}", provider=self.name)
        if isinstance(exc, sdk.APIStatusError) and exc.status_code >= 300:
            return error_for_status(
                exc.status_code, exc.message, provider=self.name, headers=exc.response.headers
            )
        if isinstance(exc, sdk.APIResponseValidationError):
            return malformed_answer(self.name, str(exc))
        if isinstance(exc, sdk.APIError):
            # An error event inside a stream that had answered 200.
            return self._stream_error(exc)
        if isinstance(exc, self.sdk_error):
            return PermanentProviderError(str(exc), provider=self.name)
        # Undecodable JSON, or JSON of the wrong shape (the SDKs do not validate by default).
        if isinstance(exc, SHAPE_ERRORS):
            return malformed_answer(self.name, f"{type(exc).__name__}: {exc}")
        return None

    @abstractmethod
    def _stream_error(self, exc: Any) -> ProviderError:
        """What an error event inside a stream means (`exc` is the SDK's `APIError`)."""
