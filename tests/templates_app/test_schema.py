"""The variable schema, the defaults, the body against the schema, and input against the schema."""

from __future__ import annotations

from typing import Any

import pytest

from templates_app.errors import TemplateInvalid
from templates_app.services.content import content_clean
from templates_app.services.schema import clean_defaults, clean_variables, validate_input

SCHEMA = clean_variables(
    [
        {"name": "topic", "type": "string", "max_length": 10},
        {"name": "notes", "type": "text", "required": False},
        {"name": "words", "type": "integer", "default": 300},
        {"name": "ratio", "type": "number", "required": False},
        {"name": "formal", "type": "boolean", "default": False},
        {"name": "tone", "type": "choice", "choices": ["warm", "dry"], "default": "warm"},
    ]
)


def errors_of(call: Any, *args: Any) -> dict[str, list[str]]:
    with pytest.raises(TemplateInvalid) as caught:
        call(*args)
    return caught.value.errors


def test_variables_take_a_canonical_form() -> None:
    assert clean_variables([{"name": "topic"}]) == [
        {
            "name": "topic",
            "type": "string",
            "required": True,
            "default": None,
            "choices": [],
            "max_length": None,
            "description": "",
        }
    ]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ("topic", "variables"),
        (["topic"], "variables.0"),
        ([{"name": "1st"}], "variables.0.name"),
        ([{"name": "x", "type": "date"}], "variables.0.type"),
        ([{"name": "x", "required": "yes"}], "variables.0.required"),
        ([{"name": "x", "type": "choice"}], "variables.0.choices"),
        ([{"name": "x", "type": "choice", "choices": ["a", "a"]}], "variables.0.choices"),
        ([{"name": "x", "choices": ["a"]}], "variables.0.choices"),
        ([{"name": "x", "type": "integer", "max_length": 3}], "variables.0.max_length"),
        ([{"name": "x", "max_length": 0}], "variables.0.max_length"),
        ([{"name": "x", "type": "integer", "default": "many"}], "variables.0.default"),
        (
            [{"name": "x", "type": "choice", "choices": ["a"], "default": "b"}],
            "variables.0.default",
        ),
        ([{"name": "x", "colour": "red"}], "variables.0.colour"),
        ([{"name": "x"}, {"name": "x"}], "variables"),
    ],
)
def test_a_bad_schema_names_the_entry(variables: Any, field: str) -> None:
    assert field in errors_of(clean_variables, variables)


@pytest.mark.parametrize(
    ("defaults", "field"),
    [
        ([], "defaults"),
        ({"provider": 3}, "defaults.provider"),
        ({"engine": "x"}, "defaults.engine"),
        ({"params": []}, "defaults.params"),
        ({"params": {"temperature": 3}}, "defaults.params.temperature"),
        ({"params": {"max_tokens": 1.5}}, "defaults.params.max_tokens"),
        ({"params": {"top_p": True}}, "defaults.params.top_p"),
        # Checked against the providers (the generations app's declarations):
        ({"params": {"temperatur": 1}}, "defaults.params.temperatur"),
        ({"provider": "anthropic", "params": {"temperature": 0.5}}, "defaults.params.temperature"),
        ({"provider": "openai", "params": {"stop": list("abcde")}}, "defaults.params.stop"),
        ({"provider": "nope"}, "defaults.provider"),
    ],
)
def test_bad_defaults_name_the_field(defaults: Any, field: str) -> None:
    assert field in errors_of(clean_defaults, defaults)


def test_defaults_fill_in_missing_keys() -> None:
    assert clean_defaults({"model": "gpt-4o"}) == {"provider": "", "model": "gpt-4o", "params": {}}


def test_a_variable_used_but_not_declared_is_an_error_naming_it() -> None:
    errors = errors_of(
        lambda: content_clean(
            body="{{ topic }} {{ audience }}", system_prompt="{{ persona }}", variables=[]
        )
    )
    assert any("'audience'" in message for message in errors["body"])
    assert "persona" in errors["system_prompt"][0]


def test_a_declared_variable_never_used_is_a_warning() -> None:
    _content, warnings = content_clean(
        body="{{ topic }}", variables=[{"name": "topic"}, {"name": "spare"}]
    )
    assert len(warnings) == 1
    assert "'spare'" in warnings[0]


def test_a_variable_used_only_in_the_system_prompt_is_used() -> None:
    _content, warnings = content_clean(
        body="Hi", system_prompt="You are {{ persona }}.", variables=[{"name": "persona"}]
    )
    assert warnings == []


def test_a_syntax_error_in_the_body_is_a_field_error() -> None:
    errors = errors_of(lambda: content_clean(body="{% if %}", variables=[]))
    assert "line 1" in errors["body"][0]


def test_valid_input_is_coerced_and_defaults_applied() -> None:
    context = validate_input(
        SCHEMA, {"topic": "tea", "words": "120", "ratio": "0.5", "formal": "yes"}
    )
    assert context == {
        "topic": "tea",
        "notes": None,
        "words": 120,
        "ratio": 0.5,
        "formal": True,
        "tone": "warm",
    }


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({}, "variables.topic", "required"),
        ({"topic": 12}, "variables.topic", "string"),
        ({"topic": "x" * 11}, "variables.topic", "at most 10"),
        ({"topic": "t", "words": "many"}, "variables.words", "integer"),
        ({"topic": "t", "words": True}, "variables.words", "integer"),
        ({"topic": "t", "ratio": "nan"}, "variables.ratio", "number"),
        ({"topic": "t", "formal": "perhaps"}, "variables.formal", "true or false"),
        ({"topic": "t", "tone": "loud"}, "variables.tone", "one of: warm, dry"),
        ({"topic": "t", "colour": "red"}, "variables.colour", "no such variable"),
    ],
)
def test_each_input_error_names_the_variable(values: dict, field: str, message: str) -> None:
    errors = errors_of(validate_input, SCHEMA, values)
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_input_must_be_an_object() -> None:
    assert "variables" in errors_of(validate_input, SCHEMA, ["tea"])
