"""Property-based tests of the variable schema, the defaults and template content: any input is
either cleaned into a canonical, storable form or refused with a `TemplateInvalid` naming fields."""

from __future__ import annotations

import datetime
import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from templates_app.errors import TemplateInvalid
from templates_app.services.content import content_clean, meta_clean
from templates_app.services.schema import clean_defaults, clean_variables, validate_input
from tests.hardening.strategies import (
    DEFAULTS,
    JSON_VALUE,
    TEMPLATE_SOURCE,
    TEXT,
    VARIABLES,
)


def _storable(value: Any) -> None:
    """What the JSON columns will be given: strict JSON that encodes to UTF-8."""
    json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")


def _fields_named(error: TemplateInvalid, *roots: str) -> None:
    assert error.errors, "a TemplateInvalid names at least one field"
    for key in error.errors:
        assert key.split(".")[0] in roots, key
        assert all(isinstance(message, str) and message for message in error.errors[key])


@given(raw=VARIABLES)
@example(raw=[{"name": "n", "type": "number", "default": 10**400}])  # OverflowError before
@example(raw=[{"name": "n", "description": "\x00"}])  # PostgreSQL cannot store it
@example(raw=[{"name": "c", "type": "choice", "choices": ["\ud800"]}])  # nor can any database
@example(raw=[{"name": "c", "type": "choice", "choices": [str(n) for n in range(1000)]}])
def test_clean_variables_is_canonical_or_names_the_bad_entries(raw: Any) -> None:
    try:
        cleaned = clean_variables(raw)
    except TemplateInvalid as error:
        _fields_named(error, "variables")
        return
    _storable(cleaned)
    assert clean_variables(cleaned) == cleaned  # canonical: cleaning again changes nothing


@given(schema=VARIABLES, values=st.dictionaries(TEXT, JSON_VALUE, max_size=5) | JSON_VALUE)
@example(schema=[{"name": "n", "type": "number"}], values={"n": 10**400})
@example(schema=[{"name": "n", "type": "integer"}], values={"n": "9" * 5000})
@example(schema=[{"name": "t"}], values={"t": "a\x00b"})
def test_validate_input_returns_a_context_or_names_each_variable(schema: Any, values: Any) -> None:
    try:
        variables = clean_variables(schema)
    except TemplateInvalid:
        return
    try:
        context = validate_input(variables, values)
    except TemplateInvalid as error:
        _fields_named(error, "variables")
        return
    assert set(context) == {variable["name"] for variable in variables}
    _storable(context)  # a generation stores these values as they are


@given(raw=DEFAULTS)
@example(raw={"params": {"when": datetime.date(2020, 1, 1)}})  # YAML dates broke the write
@example(raw={"params": {"seed": float("nan")}})  # NaN is not JSON for PostgreSQL
@example(raw={"params": {"a": [[[[[[[[[[[[1]]]]]]]]]]]]}})
@example(raw={"params": {1: "x"}})
@example(raw={"model": "\x00"})
def test_clean_defaults_is_storable_json_or_names_the_field(raw: Any) -> None:
    try:
        defaults = clean_defaults(raw)
    except TemplateInvalid as error:
        _fields_named(error, "defaults")
        return
    assert set(defaults) == {"provider", "model", "params"}
    _storable(defaults)
    assert clean_defaults(defaults) == defaults


@given(
    body=TEMPLATE_SOURCE | JSON_VALUE,
    system_prompt=TEMPLATE_SOURCE | JSON_VALUE,
    variables=VARIABLES,
    defaults=DEFAULTS,
)
@example(body="{{ " + "(" * 3000 + " }}", system_prompt="", variables=[], defaults={})
@example(body="x\x00", system_prompt="", variables=[], defaults={})
def test_content_clean_is_storable_or_names_the_fields(
    body: Any, system_prompt: Any, variables: Any, defaults: Any
) -> None:
    try:
        content, warnings = content_clean(
            body=body, system_prompt=system_prompt, variables=variables, defaults=defaults
        )
    except TemplateInvalid as error:
        _fields_named(error, "body", "system_prompt", "variables", "defaults")
        return
    _storable(content.as_dict())
    assert all(isinstance(warning, str) for warning in warnings)


@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            key: TEXT | JSON_VALUE
            for key in ("name", "slug", "description", "category", "tags", "is_archived")
        },
    )
)
@example(data={"name": "a\x00"})
@example(data={"tags": ["x"] * 10_000})
def test_meta_clean_is_storable_or_names_the_fields(data: dict[str, Any]) -> None:
    try:
        meta = meta_clean(data)
    except TemplateInvalid as error:
        _fields_named(error, *data)
        return
    assert set(meta) == set(data)
    _storable(meta)
