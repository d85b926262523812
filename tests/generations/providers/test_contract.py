"""The behaviour every SDK-backed adapter shares, run against each one's real SDK.

Each adapter talks over a real socket to a scripted server on 127.0.0.1 (see fake_server.py),
so the SDK's request building, parsing, streaming and error mapping all take part.
"""

from __future__ import annotations

import socket

import pytest

from generations.providers.base import (
    FINISH_STOP,
    GenerationResult,
    PermanentProviderError,
    ProviderTimeout,
    RetryableProviderError,
    StreamEnd,
    TextDelta,
)
from tests.generations.providers.cases import (
    CASES,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    TEXT,
    ProviderCase,
    error_body,
)
from tests.generations.providers.conftest import SHORT_TIMEOUT, make_request
from tests.generations.providers.fake_server import FakeResponse, FakeServer

pytestmark = pytest.mark.parametrize("case", CASES, ids=str)


def _expected(case: ProviderCase) -> GenerationResult:
    return GenerationResult(
        text=TEXT,
        finish_reason=FINISH_STOP,
        input_tokens=INPUT_TOKENS,
        output_tokens=OUTPUT_TOKENS,
        model=case.answered_model,
    )


# --- success ---


def test_generate_returns_text_finish_reason_and_tokens(
    case: ProviderCase, fake_server: FakeServer
) -> None:
    fake_server.respond(case.answer)

    result = case.build(fake_server.url).generate(make_request())

    assert result == _expected(case)
    assert [request.path for request in fake_server.requests] == [case.path]


def test_stream_yields_deltas_then_the_full_result(
    case: ProviderCase, fake_server: FakeServer
) -> None:
    fake_server.respond(case.streamed_answer)

    events = list(case.build(fake_server.url).stream(make_request()))

    deltas, end = events[:-1], events[-1]
    assert all(isinstance(event, TextDelta) for event in deltas)
    assert [delta.text for delta in deltas] == ["Hello", " there"]
    assert isinstance(end, StreamEnd)
    assert end.result == _expected(case)
    assert fake_server.requests[0].path == case.stream_path


def test_consumer_may_stop_a_stream_early(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(case.streamed_answer, case.answer)
    provider = case.build(fake_server.url)
    stream = provider.stream(make_request())

    first = next(stream)
    stream.close()  # e.g. the browser went away mid-answer

    assert first == TextDelta("Hello")
    # The abandoned response did not wedge the shared client.
    assert provider.generate(make_request()).text == TEXT


def test_sync_client_is_reused_across_calls(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(case.answer)
    provider = case.build(fake_server.url)

    provider.generate(make_request())
    provider.generate(make_request())
    provider.close()

    assert len(fake_server.requests) == 2


# --- retryable failures ---


def test_rate_limit_is_retryable_with_retry_after(
    case: ProviderCase, fake_server: FakeServer
) -> None:
    fake_server.respond(
        FakeResponse(status=429, body=error_body(429, "slow down"), headers={"Retry-After": "7"})
    )

    with pytest.raises(RetryableProviderError) as caught:
        case.build(fake_server.url).generate(make_request())

    assert caught.value.status_code == 429
    assert caught.value.retry_after == 7
    assert caught.value.provider == case.name
    # One attempt only: the SDK's own retries are off, the provider manager decides.
    assert len(fake_server.requests) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_is_retryable_without_sdk_retries(
    case: ProviderCase, fake_server: FakeServer, status: int
) -> None:
    fake_server.respond(FakeResponse(status=status, body=error_body(status, "boom")))

    with pytest.raises(RetryableProviderError) as caught:
        case.build(fake_server.url).generate(make_request())

    assert caught.value.status_code == status
    assert caught.value.retry_after is None
    assert len(fake_server.requests) == 1


def test_server_error_is_retryable_when_streaming(
    case: ProviderCase, fake_server: FakeServer
) -> None:
    fake_server.respond(FakeResponse(status=502, body=error_body(502, "bad gateway")))

    with pytest.raises(RetryableProviderError):
        list(case.build(fake_server.url).stream(make_request()))


def test_timeout_is_retryable(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body={}, delay=10))

    with pytest.raises(ProviderTimeout) as caught:
        case.build(fake_server.url).generate(make_request(timeout=SHORT_TIMEOUT))

    assert isinstance(caught.value, RetryableProviderError)
    assert len(fake_server.requests) == 1


def test_timeout_is_retryable_when_streaming(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body={}, delay=10))

    with pytest.raises(ProviderTimeout):
        list(case.build(fake_server.url).stream(make_request(timeout=SHORT_TIMEOUT)))


def test_refused_connection_is_retryable(case: ProviderCase) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(RetryableProviderError) as caught:
        case.build(f"http://127.0.0.1:{port}").generate(make_request())

    assert not isinstance(caught.value, ProviderTimeout)


# --- permanent failures ---


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_client_errors_are_permanent(
    case: ProviderCase, fake_server: FakeServer, status: int
) -> None:
    fake_server.respond(FakeResponse(status=status, body=error_body(status, "no good")))

    with pytest.raises(PermanentProviderError) as caught:
        case.build(fake_server.url).generate(make_request())

    assert caught.value.status_code == status
    assert "no good" in str(caught.value)
    assert len(fake_server.requests) == 1


def test_an_error_quoting_the_key_names_it_no_more(
    case: ProviderCase, fake_server: FakeServer
) -> None:
    built = case.build(fake_server.url)
    provider = type(built)(
        api_key="sk-quoted-key", base_url=built.base_url, allowed_hosts=built.allowed_hosts
    )
    quoted = f"Incorrect API key provided: {provider.api_key}"
    fake_server.respond(FakeResponse(status=401, body=error_body(401, quoted)))

    with pytest.raises(PermanentProviderError) as caught:
        provider.generate(make_request())

    assert "Incorrect API key provided: ***" in str(caught.value)
    assert provider.api_key not in str(caught.value)
    assert caught.value.__cause__ is None  # the SDK's error, which quotes it, is not chained


def test_undecodable_json_is_permanent(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body='{"choices": [ {"trunc'))

    with pytest.raises(PermanentProviderError, match="malformed answer"):
        case.build(fake_server.url).generate(make_request())


def test_wrongly_shaped_json_is_permanent(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(body=case.wrong_shape))

    with pytest.raises(PermanentProviderError, match="malformed answer"):
        case.build(fake_server.url).generate(make_request())


def test_non_json_answer_is_permanent(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(
        FakeResponse(body="<html>gateway</html>", headers={"Content-Type": "text/html"})
    )

    with pytest.raises(PermanentProviderError, match="malformed answer"):
        case.build(fake_server.url).generate(make_request())


def test_undecodable_stream_event_is_permanent(case: ProviderCase, fake_server: FakeServer) -> None:
    fake_server.respond(FakeResponse(events=["event: message_start\ndata: {not json\n\n"]))

    with pytest.raises(PermanentProviderError, match="malformed answer"):
        list(case.build(fake_server.url).stream(make_request()))


def test_stream_cut_short_is_retryable(case: ProviderCase, fake_server: FakeServer) -> None:
    # The server closes the connection after the first event, before any finish reason.
    first_event = case.streamed_answer.events[:1] if case.streamed_answer.events else []
    fake_server.respond(FakeResponse(events=first_event))

    with pytest.raises(RetryableProviderError, match="ended before"):
        list(case.build(fake_server.url).stream(make_request()))
