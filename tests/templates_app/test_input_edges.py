"""Inputs the fuzzing suite (tests/hardening) found raising instead of answering a clear error.

Each case was an unhandled exception (a 500 through the API, a crash of `import_templates`) or a
value the database refuses at write time; each now ends in a `TemplateInvalid`/`RenderError` or a
reported import failure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.errors import RenderError, TemplateInvalid
from templates_app.models import Template
from templates_app.services.formats import read_source
from templates_app.services.importing import template_import
from templates_app.services.rendering import render, variables_used
from templates_app.services.schema import clean_defaults, clean_variables, validate_input
from tests.factories import TemplateFactory


def test_an_integer_beyond_float_range_is_not_a_number() -> None:
    # math.isfinite(10**400) raises OverflowError, which escaped as a server error.
    schema = clean_variables([{"name": "n", "type": "number"}])
    with pytest.raises(TemplateInvalid) as caught:
        validate_input(schema, {"n": 10**400})
    assert caught.value.errors == {"variables.n": ["Must be a number."]}
    with pytest.raises(TemplateInvalid):
        clean_variables([{"name": "n", "type": "number", "default": 10**400}])


@pytest.mark.parametrize(
    "body", ["{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "{{ " + "[" * 3000]
)
def test_deeply_nested_expressions_are_a_render_error(body: str) -> None:
    with pytest.raises(RenderError, match=r"nests expressions too deeply|syntax error"):
        variables_used(body)


@pytest.mark.parametrize("body", ['{{ "\\x00" }}', '{{ "\\ud800" }}'])
def test_a_rendered_text_that_cannot_be_stored_is_a_render_error(body: str) -> None:
    with pytest.raises(RenderError, match="NUL characters or unpaired surrogates"):
        render(body, {})


@pytest.mark.parametrize("value", ["a\x00b", "\ud800"])
def test_input_values_that_cannot_be_stored_are_refused(value: str) -> None:
    schema = clean_variables([{"name": "t"}])
    with pytest.raises(TemplateInvalid) as caught:
        validate_input(schema, {"t": value})
    assert list(caught.value.errors) == ["variables.t"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"when": datetime.date(2020, 1, 1)}, "type date"),
        ({"seed": float("nan")}, "NaN"),
        ({"a": [[[[[[[[[[[[1]]]]]]]]]]]]}, "nested"),
        ({"a": list(range(2000))}, "at most"),
    ],
)
def test_defaults_params_must_be_plain_bounded_json(params: dict, message: str) -> None:
    with pytest.raises(TemplateInvalid, match=message) as caught:
        clean_defaults({"params": params})
    assert list(caught.value.errors) == ["defaults.params"]


def test_a_choice_variable_has_a_bounded_number_of_choices() -> None:
    with pytest.raises(TemplateInvalid, match="at most 200 choices"):
        clean_variables([{"name": "c", "type": "choice", "choices": [str(n) for n in range(201)]}])


# Deeper than Python's JSON parser takes (about 1,000 levels on 3.11, 10,000 on 3.13), and short
# enough for the csv module's field size limit.
TOO_DEEP = b"[" * 20_000 + b"]" * 20_000


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", b"[" * 100_000, "nested too deeply"),
        ("a.json", b'{"name": ' + b"1" * 5000 + b"}", "Exceeds the limit"),
        ("a.yaml", b"name: 2020-13-45\n", "month must be in 1..12"),
        ("a.md", b"---\nname: 2020-13-45\n---\nbody", "month must be in 1..12"),
        ("a.csv", b"name,variables\nx," + TOO_DEEP + b"\n", "nested too deeply"),
    ],
)
def test_unreadable_files_are_reported_with_their_location(
    name: str, content: bytes, message: str
) -> None:
    (error,) = list(read_source(name, content))
    assert error.source == name
    assert message in error.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"name: x\nbody: y\n1: a\nnull: b\n",  # non-text keys could not be sorted
        b"name: x\nbody: y\ndefaults: {params: {when: 2020-01-01}}\n",  # a date broke the write
        b'{"name": "x\\ud800", "body": "y"}',  # unencodable: crashed the database driver
        b'{"name": "x", "body": "y", "changelog": "\\u0000"}',  # PostgreSQL refuses NUL
    ],
)
def test_records_the_database_cannot_store_are_reported(
    workspace: Workspace, content: bytes
) -> None:
    name = "a.json" if content.startswith(b"{") else "a.yaml"
    report = template_import(workspace=workspace, user=None, files=[(name, content)])
    assert report.as_dict()["failed"] == 1
    assert not Template.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"variables": [{"name": "topic", "description": "\u0000"}]},
        {"defaults": {"params": {"seed": "\u0000"}}},
        {"variables": [{"name": "n", "type": "number", "default": 10**400}]},
    ],
)
def test_the_api_answers_400_for_unstorable_content(
    client_as: Callable[[str], APIClient], workspace: Workspace, change: dict
) -> None:
    template = TemplateFactory(workspace=workspace)
    client = client_as(Role.EDITOR)
    response = client.patch(
        f"/api/templates/{template.pk}/", {"base_version": 1, **change}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]
