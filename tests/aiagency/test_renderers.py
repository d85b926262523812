"""The API's JSON renderer (aiagency.renderers): UTF-8 as DRF writes it, escaped when it must be."""

from __future__ import annotations

from aiagency.renderers import JSONRenderer


def test_non_ascii_text_is_written_as_utf8() -> None:
    assert JSONRenderer().render({"name": "Café"}) == '{"name":"Café"}'.encode()


def test_an_unpaired_surrogate_is_escaped_instead_of_failing() -> None:
    rendered = JSONRenderer().render({"key": "\ud800", "name": "Café"})

    assert rendered == b'{"key":"\\ud800","name":"Caf\\u00e9"}'
