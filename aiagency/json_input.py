"""JSON from outside (request bodies, uploaded files), parsed into what can be stored and answered.

Python's `json` recurses once per nesting level: past its limit (a thousand `[` on 3.11, ten
thousand on 3.13) it raises `RecursionError`, which was a 500. PostgreSQL refuses NUL in text and
JSON columns, and no database driver (nor a UTF-8 answer) can encode an unpaired surrogate, which
`\\u0000` and `\\ud800` escapes still produce: such a value failed at write time, far from where
it came in. Here a document is refused as it arrives: nested deeper than `MAX_DEPTH`, or holding
NUL or an unpaired surrogate in any key or text, naming where.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Deeper than any document of this API (a template's variables and defaults are four levels).
MAX_DEPTH = 64

UNSTORABLE_MESSAGE = gettext_lazy("Must not contain NUL characters or unpaired surrogates.")
UNSTORABLE_NAME_MESSAGE = gettext_lazy(
    "This name must not contain NUL characters or unpaired surrogates."
)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class JSONInputError(ValueError):
    """The document cannot be taken; `path` names the offending member (dotted: `a.0.b`) when the
    document parsed, and is empty when it did not."""

    def __init__(self, message: str | Promise, *, path: str = "") -> None:
        super().__init__(message)
        self.message = str(message)
        self.path = path


def has_unstorable_characters(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def _refuse_constant(name: str) -> Any:
    raise JSONInputError(_("%(name)s is not a JSON number.") % {"name": name})


def parse_json(text: str | bytes) -> Any:
    """The document in `text`, checked by `check_json_value`."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JSONInputError(
            _("The JSON is nested deeper than %(depth)d levels.") % {"depth": MAX_DEPTH}
        ) from None
    except json.JSONDecodeError as error:
        raise JSONInputError(
            _("This is not valid JSON: %(error)s (line %(line)d, column %(column)d).")
            % {"error": error.msg, "line": error.lineno, "column": error.colno}
        ) from None
    except UnicodeDecodeError:
        raise JSONInputError(_("The JSON is not UTF-8 text.")) from None
    check_json_value(data)
    return data


def _printable(key: str) -> str:
    # The answer naming such a key can neither carry an unpaired surrogate nor store NUL.
    return _UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", key)


def _members(value: Any, path: str) -> Iterator[tuple[str, str | None, Any]]:
    """(child path, key when the child is an object member, child) for each child of `value`."""
    if isinstance(value, dict):
        for key, child in value.items():
            name = _printable(key)
            yield (f"{path}.{name}" if path else name), key, child
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (f"{path}.{index}" if path else str(index)), None, child


def check_json_value(data: Any) -> None:
    """Refuse `data` (parsed JSON) nested deeper than `MAX_DEPTH`, or holding NUL or unpaired
    surrogates in a key or a text. Iterative, so depth costs no Python stack."""
    pending: list[tuple[str, Any, int]] = [("", data, 0)]
    while pending:
        path, value, depth = pending.pop()
        if isinstance(value, str):
            if has_unstorable_characters(value):
                raise JSONInputError(UNSTORABLE_MESSAGE, path=path)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise JSONInputError(
                _("Nested deeper than %(depth)d levels.") % {"depth": MAX_DEPTH}, path=path
            )
        for child_path, key, child in _members(value, path):
            if key is not None and has_unstorable_characters(key):
                raise JSONInputError(UNSTORABLE_NAME_MESSAGE, path=child_path)
            pending.append((child_path, child, depth + 1))
