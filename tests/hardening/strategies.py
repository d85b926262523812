"""Hypothesis strategies shared by the fuzzing tests: JSON-ish values, variable schemas, template
sources, template records as the importer reads them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from templates_app.services.formats import RECORD_FIELDS
from templates_app.services.schema import VARIABLE_KEYS, VARIABLE_TYPES

# Texts that hit the edges the database and the JSON answer care about.
NASTY_TEXT = st.sampled_from(
    ["", " ", "\x00", "\ud800", "a\udfffb", "é", "🙂", "\n", "{{", "}}", "{%", "\\", "'", '"']
)
TEXT = st.text(max_size=30) | NASTY_TEXT
# Integers past float range and past Python's 4,300-digit string limit are both in JSON's grammar.
NUMBER = (
    st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1])
    | st.floats(allow_nan=True, allow_infinity=True)
)
SCALAR = st.none() | st.booleans() | NUMBER | TEXT
JSON_VALUE = st.recursive(
    SCALAR,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)

NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)


def _variable_value(key: str) -> st.SearchStrategy[Any]:
    specific = {
        "name": NAME,
        "type": st.sampled_from(VARIABLE_TYPES),
        "required": st.booleans(),
        "choices": st.lists(TEXT, max_size=4),
        "max_length": st.integers(min_value=-1, max_value=60_000),
    }
    if key in specific:
        return specific[key] | JSON_VALUE
    return JSON_VALUE


VARIABLE = st.fixed_dictionaries(
    {"name": _variable_value("name")},
    optional={key: _variable_value(key) for key in [*VARIABLE_KEYS, "extra"] if key != "name"},
)
# Mostly well-formed schemas (so the interesting paths run), sometimes anything at all.
VARIABLES = st.lists(VARIABLE, max_size=5) | JSON_VALUE
DEFAULTS = (
    st.fixed_dictionaries(
        {},
        optional={
            "provider": TEXT | JSON_VALUE,
            "model": TEXT | JSON_VALUE,
            "params": st.dictionaries(
                st.sampled_from(["temperature", "top_p", "max_tokens", "seed"]) | TEXT,
                JSON_VALUE,
                max_size=4,
            )
            | JSON_VALUE,
            "extra": JSON_VALUE,
        },
    )
    | JSON_VALUE
)

# Pieces of Jinja: random sequences of them reach the parser's and the sandbox's corners.
JINJA_FRAGMENTS = [
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "{# ",
    " #}",
    "topic",
    "count",
    "flag",
    "x",
    "loop.index",
    "for x in range(",
    "endfor",
    "if ",
    "else",
    "endif",
    "macro m(a)",
    "endmacro",
    "m(",
    "set y = ",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "|",
    "upper",
    "length",
    "format(",
    "replace(",
    "join",
    "default(",
    "int",
    "string",
    "center(",
    " * ",
    " ** ",
    " % ",
    " / ",
    " // ",
    " ~ ",
    " + ",
    " - ",
    "0",
    "1",
    "9",
    "99999",
    "10**9",
    "'x'",
    '"%s"',
    "'{:>9999999}'",
    "__class__",
    "__globals__",
    "mro",
    "attr(",
    "namespace(",
    "cycler",
    "joiner",
    "dict(",
    "lipsum",
    "self",
    "raw",
    "endraw",
    "\n",
    " ",
    "-",
    "~",
    "not ",
    " and ",
    " or ",
    " in ",
    " is ",
    "defined",
    '"\\x00"',
    '"\\ud800"',
    "recursive",
    "loop(",
    "call",
    "endcall",
    "filter",
    "endfilter",
]
TEMPLATE_SOURCE = st.lists(st.sampled_from(JINJA_FRAGMENTS) | st.text(max_size=4), max_size=25).map(
    "".join
) | st.text(max_size=60)

# Context values as validate_input would produce them, plus a few it would not.
CONTEXT = st.dictionaries(
    st.sampled_from(["topic", "count", "flag", "x", "y"]),
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    max_size=5,
)


def _record_value(key: str) -> st.SearchStrategy[Any]:
    specific: dict[str, st.SearchStrategy[Any]] = {
        "slug": st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
        "name": st.text(min_size=1, max_size=20),
        "tags": st.lists(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True), max_size=3),
        "archived": st.booleans(),
        "variables": VARIABLES,
        "defaults": DEFAULTS,
        "body": TEMPLATE_SOURCE | st.just("About {{ topic }}."),
        "system_prompt": TEMPLATE_SOURCE,
    }
    if key in ("slug", "name"):  # mostly usable, so that records get as far as the database
        return specific[key] | TEXT
    return specific.get(key, TEXT) | JSON_VALUE


RECORD = st.fixed_dictionaries(
    {"slug": _record_value("slug"), "name": _record_value("name"), "body": _record_value("body")},
    optional={
        key: _record_value(key)
        for key in [*RECORD_FIELDS, "unknown_field"]
        if key not in ("slug", "name", "body")
    },
)
RECORDS = st.lists(RECORD, max_size=4)
