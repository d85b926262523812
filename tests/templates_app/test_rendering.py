"""The sandbox: injection payloads and resource limits answer a RenderError, never run code."""

from __future__ import annotations

import sys

import pytest

from templates_app.errors import RenderError
from templates_app.services import sandbox
from templates_app.services.rendering import render, variables_used


def test_renders_variables_filters_and_loops() -> None:
    source = "{{ name|upper }}: {% for i in range(3) %}{{ i }}{% endfor %} {{ missing_ok or '' }}"
    assert render(source, {"name": "ada", "missing_ok": None}) == "ADA: 012 "


def test_none_renders_as_empty_text() -> None:
    assert render("[{{ value }}]", {"value": None}) == "[]"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__['__builtins__'] }}",
        "{{ self.__init__.__globals__ }}",
        "{{ name.__class__.__base__.__subclasses__() }}",
        "{{ ().__class__.__bases__[0].__subclasses__() }}",
        "{{ name.format.__globals__ }}",
        "{{ range.__globals__ }}",
    ],
)
def test_attribute_walking_is_refused(payload: str) -> None:
    with pytest.raises(RenderError, match="Unsafe operation refused"):
        render(payload, {"name": "x"})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{{ range(10**9)|list }}", "limited"),
        ("{% for i in range(20000) %}{% endfor %}", "range\\(\\) is limited"),
        (
            "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
            "too much work",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recurses too deeply"),
        ("{{ 'x' * 10**9 }}", "200,000"),
        ("{{ 2 ** 2 ** 100000 }}", "too large"),
        ("{{ '%999999999d' % 1 }}", "Format widths"),
        ("{{ '{:>999999999}'.format(1) }}", "Format widths"),
        ("{{ 'x'.ljust(999999999) }}", "limited"),
        ("{{ 'x'|center(999999999) }}", "limited"),
        ("{{ ('a' * 40000)|replace('', 'b' * 40000) }}", "200,000"),
        ("{{ ('a' * 40000).replace('', 'b' * 40000) }}", "200,000"),
        ("{% for i in range(10000) %}{{ 'x' * 30 }}{% endfor %}", "200,000"),
        ("{{ lipsum(100000) }}", "undefined"),
        ("{{ 1 / 0 }}", "failed on line 1: division by zero"),
        ("{{ nothing }}", "'nothing' is undefined"),
    ],
)
def test_resource_abuse_is_refused(payload: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        render(payload, {})


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(RenderError, match="line 2") as caught:
        render("fine\n{% for x in %}", {}, field="system_prompt")
    assert list(caught.value.errors) == ["system_prompt"]


def test_body_size_is_limited() -> None:
    with pytest.raises(RenderError, match="limit is 50,000"):
        render("x" * (sandbox.MAX_SOURCE_CHARS + 1), {})


def test_the_step_budget_restores_the_previous_tracer() -> None:
    previous = sys.gettrace()
    with pytest.raises(sandbox.TemplateProblem):  # in this process, as a worker runs it
        sandbox.render(
            "{% for i in range(9999) %}{% for j in range(99) %}{% endfor %}{% endfor %}", {}
        )
    assert sys.gettrace() is previous


def test_variables_used_leaves_out_jinja_globals_and_loop_names() -> None:
    source = "{{ a }}{% for x in range(3) %}{{ x }}{{ b.c }}{% endfor %}{{ cycler }}"
    assert variables_used(source) == {"a", "b"}
