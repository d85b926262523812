"""Property-based tests of sandboxed rendering: any template source, with any context, renders to a
bounded, storable text or fails with a `RenderError` naming its field, never anything else."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from templates_app.errors import RenderError, TemplateInvalid
from templates_app.models import TemplateVersion
from templates_app.services.prompts import RenderedPrompt, render_version
from templates_app.services.rendering import render, variables_used
from templates_app.services.sandbox import MAX_RENDERED_CHARS
from templates_app.services.schema import clean_variables
from templates_app.services.text import has_unstorable_characters
from tests.hardening.strategies import CONTEXT, JSON_VALUE, TEMPLATE_SOURCE

# Found by these properties (each was an unhandled exception before the fix):
DEEP_PARENTHESES = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"  # RecursionError in the parser
DEEP_LISTS = "{{ " + "[" * 3000 + "]" * 3000 + " }}"
NUL_OUTPUT = '{{ "\\x00" }}'  # rendered a NUL that PostgreSQL refuses to store (a 500 later)
SURROGATE_OUTPUT = '{{ "\\ud800" }}'  # rendered a text the JSON answer cannot encode
# Grew the serving process by gigabytes before rendering moved to worker processes (issue 17).
DOUBLING = (
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}"
)
HUGE_SEPARATOR = "{{ range(10000)|join('x' * 100000) }}"
# What a render error may not show its author (issue 14): a Python exception's name.
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b")


def _check_output(text: str) -> None:
    assert isinstance(text, str)
    assert len(text) <= MAX_RENDERED_CHARS
    assert not has_unstorable_characters(text)


@given(source=TEMPLATE_SOURCE, context=CONTEXT)
@example(source=DEEP_PARENTHESES, context={})
@example(source=DEEP_LISTS, context={})
@example(source=NUL_OUTPUT, context={})
@example(source=SURROGATE_OUTPUT, context={})
@example(source="{{ topic }}", context={"topic": "\x00"})
@example(
    source="{% for x in range(10000) %}{% for y in range(10000) %}{% endfor %}{% endfor %}",
    context={},
)
@example(source="{{ 'x' * 10**9 }}", context={})
@example(source="{{ ''.__class__.__mro__ }}", context={})
@example(source="{% include 'x' %}", context={})
@example(source=DOUBLING, context={})
@example(source=HUGE_SEPARATOR, context={})
def test_render_succeeds_or_raises_a_render_error(source: str, context: dict[str, Any]) -> None:
    try:
        output = render(source, context)
    except RenderError as error:
        assert error.message
        assert not EXCEPTION_NAME.search(error.message), error.message
        assert set(error.errors) == {"body"}  # the error names the field it was rendering
        return
    _check_output(output)


@given(source=TEMPLATE_SOURCE)
@example(source=DEEP_PARENTHESES)
@example(source=DEEP_LISTS)
def test_variables_used_parses_or_raises_a_render_error(source: str) -> None:
    try:
        names = variables_used(source, field="system_prompt")
    except RenderError as error:
        assert set(error.errors) == {"system_prompt"}
        return
    assert all(isinstance(name, str) for name in names)


@given(
    body=TEMPLATE_SOURCE,
    system_prompt=TEMPLATE_SOURCE,
    values=st.dictionaries(st.sampled_from(["topic", "count", "flag", "x"]), JSON_VALUE)
    | JSON_VALUE,
)
@example(body="{{ count }}", system_prompt="", values={"count": 10**400})
@example(body="{{ topic }}", system_prompt="", values={"topic": "\ud800"})
def test_render_version_validates_then_renders(body: str, system_prompt: str, values: Any) -> None:
    # An unsaved version is enough: rendering never touches the database.
    version = TemplateVersion(
        body=body,
        system_prompt=system_prompt,
        variables=clean_variables(
            [
                {"name": "topic", "required": False, "max_length": 50},
                {"name": "count", "type": "number", "required": False},
                {"name": "flag", "type": "boolean", "default": False},
                {"name": "x", "type": "choice", "choices": ["a", "b"], "required": False},
            ]
        ),
    )
    try:
        rendered = render_version(version=version, values=values)
    except TemplateInvalid as error:
        assert error.errors and all(key.startswith("variables") for key in error.errors)
        return
    except RenderError as error:
        assert set(error.errors) <= {"body", "system_prompt"}
        return
    assert isinstance(rendered, RenderedPrompt)
    _check_output(rendered.prompt)
    _check_output(rendered.system_prompt)
