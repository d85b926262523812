"""The offline provider: deterministic, prompt-shaped drafts with honest-looking accounting."""

from __future__ import annotations

import pytest

from generations.providers.base import (
    GenerationRequest,
    StreamEnd,
    TextDelta,
    estimate_tokens,
)
from generations.providers.local import LocalProvider
from tests.generations.providers.conftest import make_request

PROMPT = (
    "Write a blog post about sustainable coffee farming in Brazil\n"
    "Focus on small farms, water use and fair prices for farmers."
)


@pytest.fixture
def provider() -> LocalProvider:
    return LocalProvider()


def test_same_request_gives_the_same_text(provider: LocalProvider) -> None:
    request = make_request(model="local-draft", prompt=PROMPT, params={"temperature": 0.7})

    assert provider.generate(request) == provider.generate(request)
    assert provider.generate(request) == LocalProvider().generate(request)


def test_text_varies_with_prompt_and_params(provider: LocalProvider) -> None:
    base = provider.generate(make_request(prompt=PROMPT)).text

    assert provider.generate(make_request(prompt=PROMPT + " Mention rainfall.")).text != base
    assert provider.generate(make_request(prompt=PROMPT, params={"temperature": 1})).text != base


def test_draft_is_titled_from_the_first_line_and_uses_the_prompts_words(
    provider: LocalProvider,
) -> None:
    text = provider.generate(make_request(prompt=PROMPT)).text
    title, *paragraphs = text.split("\n\n")

    assert title == "Sustainable coffee farming in Brazil"
    assert len(paragraphs) >= 3
    assert "lorem" not in text.lower()
    for phrase in ("small farms", "fair prices", "farmers"):
        assert phrase in text


def test_result_accounting(provider: LocalProvider) -> None:
    request = make_request(prompt=PROMPT, system_prompt="Be concise.", model="local-draft")

    result = provider.generate(request)

    assert result.finish_reason == "stop"
    assert result.model == "local-draft"
    assert result.input_tokens == estimate_tokens(f"Be concise.\n{PROMPT}")
    assert result.output_tokens == estimate_tokens(result.text)


@pytest.mark.parametrize("max_tokens", [1, 5, 20, 60])
def test_max_tokens_is_respected(provider: LocalProvider, max_tokens: int) -> None:
    full = provider.generate(make_request(prompt=PROMPT)).text

    result = provider.generate(make_request(prompt=PROMPT, params={"max_tokens": max_tokens}))

    assert result.finish_reason == "length"
    assert 0 < result.output_tokens <= max_tokens
    assert full.startswith(result.text)
    assert result.text == result.text.strip()


def test_a_generous_max_tokens_changes_nothing(provider: LocalProvider) -> None:
    full = provider.generate(make_request(prompt=PROMPT))

    result = provider.generate(make_request(prompt=PROMPT, params={"max_tokens": 4000}))

    assert result == full


def test_stop_sequences_cut_the_draft(provider: LocalProvider) -> None:
    result = provider.generate(make_request(prompt=PROMPT, params={"stop": ["\n\n"]}))

    assert result.text == "Sustainable coffee farming in Brazil"
    assert result.finish_reason == "stop"


def test_stream_joins_to_the_same_text_word_by_word(provider: LocalProvider) -> None:
    request = make_request(prompt=PROMPT, params={"max_tokens": 80})

    events = list(provider.stream(request))

    deltas, end = events[:-1], events[-1]
    assert all(isinstance(delta, TextDelta) for delta in deltas)
    assert len(deltas) > 10
    assert all(len(delta.text.split()) == 1 for delta in deltas)
    assert isinstance(end, StreamEnd)
    assert "".join(delta.text for delta in deltas) == end.result.text
    assert end.result == provider.generate(request)


@pytest.mark.parametrize("prompt", ["", "   \n  ", "hi", "¿Qué tal? Olá! 你好"])
def test_odd_prompts_still_give_a_draft(provider: LocalProvider, prompt: str) -> None:
    result = provider.generate(make_request(prompt=prompt))

    assert result.text.strip()
    assert result.finish_reason == "stop"


def test_long_first_lines_make_a_short_title(provider: LocalProvider) -> None:
    title = provider.generate(make_request(prompt="word " * 60)).text.split("\n\n")[0]

    assert len(title) <= 81
    assert title.endswith("…")


PORTUGUESE_PROMPT = (
    "Escreva um post para blog sobre cafés especiais do sul de Minas\n"
    "Fale de pequenos produtores, colheita manual e preço justo."
)


def test_a_portuguese_template_drafts_in_portuguese(provider: LocalProvider) -> None:
    request = make_request(prompt=PORTUGUESE_PROMPT)
    portuguese = GenerationRequest(**{**asdict_request(request), "language": "pt-BR"})

    text = provider.generate(portuguese).text
    title, *paragraphs = text.split("\n\n")

    assert title == "Cafés especiais do sul de Minas"
    assert len(paragraphs) == 4
    for phrase in ("pequenos produtores", "colheita manual", "preço justo"):
        assert phrase in text
    # Its own sentences, not the English ones.
    assert not any(word in text.split() for word in ("the", "and", "is"))
    assert provider.generate(portuguese) == provider.generate(portuguese)


def test_an_unknown_language_drafts_in_english(provider: LocalProvider) -> None:
    request = make_request(prompt=PROMPT)
    german = GenerationRequest(**{**asdict_request(request), "language": "de-DE"})

    assert provider.generate(german) == provider.generate(request)


def asdict_request(request: GenerationRequest) -> dict:
    return {name: getattr(request, name) for name in GenerationRequest.__slots__}
