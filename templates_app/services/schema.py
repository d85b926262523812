"""The variable schema of a template version, its defaults, and the input checked against them.

A variable is stored in one canonical form,
`{name, type, required, default, choices, max_length, description}`, whatever the author omitted,
so that two versions with the same meaning compare equal (an import that changes nothing writes no
version) and an export reads back exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from templates_app.errors import (
    RenderError,
    RenderLimitExceeded,
    TemplateInvalid,
    TemplateLimitExceeded,
)
from templates_app.services.rendering import render, variables_used
from templates_app.services.text import UNSTORABLE_MESSAGE, has_unstorable_characters

VARIABLE_TYPES = ("string", "text", "integer", "number", "boolean", "choice")
VARIABLE_KEYS = ("name", "type", "required", "default", "choices", "max_length", "description")
DEFAULTS_KEYS = ("provider", "model", "params")
MAX_VARIABLES = 50
MAX_CHOICES = 200
# `defaults.params` is free-form JSON handed to providers: bounded so that a YAML alias bomb or a
# deeply nested document cannot turn into an unbounded structure stored and sent on every call.
MAX_PARAMS_NODES = 1_000
MAX_PARAMS_DEPTH = 10
# Any text value, whatever its max_length, so one input cannot blow up the rendered prompt.
MAX_VALUE_CHARS = 50_000
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# A value for a variable without a default, when a template is rendered with sample values.
_SAMPLE_VALUES = {"integer": 3, "number": 1.5, "boolean": True}
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off", ""}


class _Errors:
    """Collects messages per field, then raises them together."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def add_unknown_keys(self, raw: Mapping[Any, Any], allowed: Sequence[str], field: str) -> None:
        for key in raw:
            if key not in allowed:
                message = _("Unknown key; allowed: %(keys)s.") % {"keys": ", ".join(allowed)}
                self.add(f"{field}.{key}", message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise TemplateInvalid(self.by_field)


# --- values ---------------------------------------------------------------------------------------
def _as_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    raise ValueError


def _as_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError
    number = float(value) if isinstance(value, str) else value
    if not isinstance(number, (int, float)) or not math.isfinite(number):
        raise ValueError
    return value if isinstance(value, int) else number


def _as_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError


_TYPE_MESSAGES = {
    "integer": gettext_lazy("Must be an integer."),
    "number": gettext_lazy("Must be a number."),
    "boolean": gettext_lazy("Must be true or false."),
}


def coerce_value(variable: Mapping[str, Any], value: Any) -> Any:
    """`value` as the variable's type; `ValueError` with a message for the caller otherwise."""
    kind = variable["type"]
    if kind in _TYPE_MESSAGES:
        converter = {"integer": _as_integer, "number": _as_number, "boolean": _as_boolean}[kind]
        try:
            return converter(value)
        except (ValueError, TypeError, OverflowError):  # Overflow: an integer beyond any float
            raise ValueError(_TYPE_MESSAGES[kind]) from None
    if not isinstance(value, str):
        raise ValueError(_("Must be a string."))
    if has_unstorable_characters(value):
        raise ValueError(UNSTORABLE_MESSAGE)
    if kind == "choice" and value not in variable["choices"]:
        raise ValueError(
            _("Must be one of: %(choices)s.") % {"choices": ", ".join(variable["choices"])}
        )
    limit = min(variable["max_length"] or MAX_VALUE_CHARS, MAX_VALUE_CHARS)
    if len(value) > limit:
        raise ValueError(
            _("Must be at most %(limit)s characters long (it has %(length)s).")
            % {"limit": f"{limit:,}", "length": f"{len(value):,}"}
        )
    return value


def validate_input(variables: list[dict[str, Any]], values: Any) -> dict[str, Any]:
    """The render context for `values`, checked against the schema; errors name each variable."""
    errors = _Errors()
    if not isinstance(values, Mapping):
        errors.add("variables", _("Must be an object mapping variable names to values."))
        errors.raise_if_any()
    declared = {variable["name"] for variable in variables}
    for name in values:
        if name not in declared:
            errors.add(f"variables.{name}", _("This template has no such variable."))
    context: dict[str, Any] = {}
    for variable in variables:
        name = variable["name"]
        value = values.get(name)
        if value is None:
            value = variable["default"]
        if value is None:
            if variable["required"]:
                errors.add(f"variables.{name}", _("This variable is required."))
            context[name] = None
            continue
        try:
            context[name] = coerce_value(variable, value)
        except ValueError as error:
            errors.add(f"variables.{name}", str(error))
    errors.raise_if_any()
    return context


def sample_context(variables: list[dict[str, Any]]) -> dict[str, Any]:
    """A render context with a value for every variable: its default, or one of its type."""
    context: dict[str, Any] = {}
    for variable in variables:
        if variable["default"] is not None:
            value = variable["default"]
        elif variable["type"] == "choice":
            value = variable["choices"][0]
        elif variable["type"] in _SAMPLE_VALUES:
            value = _SAMPLE_VALUES[variable["type"]]
        else:
            value = f"<{variable['name']}>"[: variable["max_length"] or MAX_VALUE_CHARS]
        context[variable["name"]] = value
    return context


# --- the schema -----------------------------------------------------------------------------------
def _clean_variable(raw: Any, field: str, errors: _Errors) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        errors.add(field, _("Each variable must be an object."))
        return None
    errors.add_unknown_keys(raw, VARIABLE_KEYS, field)
    variable = {
        "name": raw.get("name"),
        "type": raw.get("type") or "string",
        "required": raw.get("required", True),
        "default": raw.get("default"),
        "choices": raw.get("choices") or [],
        "max_length": raw.get("max_length"),
        "description": raw.get("description") or "",
    }
    count = len(errors.by_field)
    if not isinstance(variable["name"], str) or not _NAME.match(variable["name"]):
        errors.add(f"{field}.name", _("Must be a name made of letters, digits and underscores."))
    if variable["type"] not in VARIABLE_TYPES:
        errors.add(
            f"{field}.type",
            _("Must be one of: %(choices)s.") % {"choices": ", ".join(VARIABLE_TYPES)},
        )
    if not isinstance(variable["required"], bool):
        errors.add(f"{field}.required", _("Must be true or false."))
    if not isinstance(variable["description"], str) or len(variable["description"]) > 500:
        errors.add(f"{field}.description", _("Must be a text of at most 500 characters."))
    elif has_unstorable_characters(variable["description"]):
        errors.add(f"{field}.description", str(UNSTORABLE_MESSAGE))
    _check_choices(variable, field, errors)
    _check_max_length(variable, field, errors)
    if len(errors.by_field) > count:
        return None
    if variable["default"] is not None:
        try:
            variable["default"] = coerce_value(variable, variable["default"])
        except ValueError as error:
            errors.add(f"{field}.default", str(error))
    return variable


def _check_choices(variable: dict[str, Any], field: str, errors: _Errors) -> None:
    choices = variable["choices"]
    if variable["type"] != "choice":
        if choices:
            errors.add(f"{field}.choices", _("Only a variable of type choice has choices."))
        return
    valid = isinstance(choices, list) and all(isinstance(item, str) for item in choices)
    if not valid or not choices or len(set(choices)) != len(choices):
        errors.add(f"{field}.choices", _("A choice variable needs a list of distinct strings."))
    elif len(choices) > MAX_CHOICES:
        errors.add(
            f"{field}.choices",
            _("A choice variable has at most %(limit)d choices.") % {"limit": MAX_CHOICES},
        )
    elif any(has_unstorable_characters(choice) for choice in choices):
        errors.add(f"{field}.choices", str(UNSTORABLE_MESSAGE))


def _check_max_length(variable: dict[str, Any], field: str, errors: _Errors) -> None:
    limit = variable["max_length"]
    if limit is None:
        return
    if variable["type"] not in ("string", "text"):
        errors.add(f"{field}.max_length", _("Only string and text variables have a max_length."))
    elif isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_VALUE_CHARS:
        errors.add(
            f"{field}.max_length",
            _("Must be an integer from 1 to %(limit)s.") % {"limit": f"{MAX_VALUE_CHARS:,}"},
        )


def clean_variables(raw: Any) -> list[dict[str, Any]]:
    """The canonical form of a variable schema; `TemplateInvalid` naming each bad entry."""
    errors = _Errors()
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add("variables", _("Must be a list of variables."))
    elif len(raw) > MAX_VARIABLES:
        errors.add(
            "variables",
            _("A template has at most %(limit)d variables.") % {"limit": MAX_VARIABLES},
        )
    errors.raise_if_any()
    variables = [_clean_variable(item, f"variables.{i}", errors) for i, item in enumerate(raw)]
    names = [variable["name"] for variable in variables if variable]
    for duplicate in sorted({name for name in names if names.count(name) > 1}):
        errors.add(
            "variables", _("The variable '%(name)s' is declared twice.") % {"name": duplicate}
        )
    errors.raise_if_any()
    return [variable for variable in variables if variable]


def clean_defaults(raw: Any) -> dict[str, Any]:
    """`{provider, model, params}`, checked against the providers (`register_defaults_check`)."""
    errors = _Errors()
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        errors.add("defaults", _("Must be an object with provider, model and params."))
        errors.raise_if_any()
    errors.add_unknown_keys(raw, DEFAULTS_KEYS, "defaults")
    defaults = {
        "provider": raw.get("provider") or "",
        "model": raw.get("model") or "",
        "params": {} if raw.get("params") is None else raw["params"],
    }
    for key in ("provider", "model"):
        if not isinstance(defaults[key], str) or len(defaults[key]) > 100:
            errors.add(f"defaults.{key}", _("Must be a text of at most 100 characters."))
        elif has_unstorable_characters(defaults[key]):
            errors.add(f"defaults.{key}", str(UNSTORABLE_MESSAGE))
    if not isinstance(defaults["params"], Mapping):
        errors.add("defaults.params", _("Must be an object."))
    else:
        problem = _json_problem(defaults["params"])
        if problem:
            errors.add("defaults.params", problem)
    if not errors.by_field:
        _check_with_providers(defaults, errors)
    errors.raise_if_any()
    return defaults


def _json_problem(value: Any) -> str | None:
    """Why `value` is not plain, bounded JSON (imports can bring dates, NaN, sets, alias bombs)."""
    nodes = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        nodes += 1
        if nodes > MAX_PARAMS_NODES or depth > MAX_PARAMS_DEPTH:
            return _("Must be JSON of at most %(nodes)s values nested at most %(depth)d deep.") % {
                "nodes": f"{MAX_PARAMS_NODES:,}",
                "depth": MAX_PARAMS_DEPTH,
            }
        if isinstance(item, Mapping):
            if not all(isinstance(key, str) for key in item):
                return _("Must be JSON: object keys must be texts.")
            pending += [(key, depth + 1) for key in item]
            pending += [(child, depth + 1) for child in item.values()]
        elif isinstance(item, list):
            pending += [(child, depth + 1) for child in item]
        elif isinstance(item, str):
            if has_unstorable_characters(item):
                return str(UNSTORABLE_MESSAGE)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return _("Must be JSON: NaN and infinite numbers are not allowed.")
        elif item is not None and not isinstance(item, (bool, int)):
            return _("Must be JSON: a value of type %(type)s is not allowed.") % {
                "type": type(item).__name__
            }
    return None


# What providers accept (names, models, params) is the generations app's to say: it registers
# a check in its `AppConfig.ready()` (this app sits below it and imports nothing from it). A
# check takes `{provider, model, params}` and answers `{"params.<key>": [message], ...}`.
DefaultsCheck = Callable[[dict[str, Any]], dict[str, list[str]]]
_defaults_checks: list[DefaultsCheck] = []


def register_defaults_check(check: DefaultsCheck) -> None:
    _defaults_checks[:] = [check]


def _check_with_providers(defaults: dict[str, Any], errors: _Errors) -> None:
    for check in _defaults_checks:
        for field, messages in check(defaults).items():
            for message in messages:
                errors.add(f"defaults.{field}", message)


# --- the body against the schema ------------------------------------------------------------------
def check_content(*, body: str, system_prompt: str, variables: list[dict[str, Any]]) -> list[str]:
    """Check that the texts use only declared variables; warnings for declared but unused ones."""
    errors = _Errors()
    used: set[str] = set()
    declared = {variable["name"] for variable in variables}
    for field, source in (("body", body), ("system_prompt", system_prompt)):
        try:
            names = variables_used(source, field=field)
        except RenderError as error:
            errors.add(field, error.message)
            continue
        used |= names
        for name in sorted(names - declared):
            errors.add(
                field,
                _("Uses the variable '%(name)s', which the variables do not declare.")
                % {"name": name},
            )
    errors.raise_if_any()
    check_renders(body=body, system_prompt=system_prompt, variables=variables)
    return [
        _("The variable '%(name)s' is declared but neither the body nor the system prompt uses it.")
        % {"name": name}
        for name in sorted(declared - used)
    ]


def check_renders(*, body: str, system_prompt: str, variables: list[dict[str, Any]]) -> None:
    """Render both texts once with sample values, so that a template that cannot render (an unsafe
    attribute, a bomb, a failing operation) is refused when saved, not at its first use."""
    context = sample_context(variables)
    errors = _Errors()
    limit_hit = False
    for field, source in (("body", body), ("system_prompt", system_prompt)):
        if not source:
            continue
        try:
            render(source, context, field=field)
        except RenderError as error:
            errors.add(
                field,
                _("%(error)s (rendered with sample values)") % {"error": error.message},
            )
            limit_hit = limit_hit or isinstance(error, RenderLimitExceeded)
    if limit_hit:
        raise TemplateLimitExceeded(errors.by_field)
    errors.raise_if_any()
