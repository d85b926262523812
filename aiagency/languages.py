"""Language tags (BCP 47) as templates and content carry them: `pt-BR`, `en`, `en-GB`; and the
language of the command-line tools, from the terminal's locale.

Django names its languages in lower case (`pt-br`, settings.LANGUAGES); a template's language is
the tag in its canonical casing, the language lower case, the region upper case, a script title
case, so the same language is always written the same way.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.conf import settings
from django.utils import translation

# language (2-3 letters), then optional script (4 letters), region (2 letters or 3 digits) and
# variants: the well-formed tags people use, not the registry's every corner.
_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|\d{3}))?(?:-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*$"
)
LANGUAGE_TAG_MAX_LENGTH = 35


def is_language_tag(text: str) -> bool:
    return len(text) <= LANGUAGE_TAG_MAX_LENGTH and _TAG.match(text) is not None


def canonical_language_tag(tag: str) -> str:
    """`pt-br` -> `pt-BR`, `ZH-hant-tw` -> `zh-Hant-TW`."""
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 2 or part.isdigit():
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def primary_language(tag: str) -> str:
    """`pt-BR` -> `pt`."""
    return tag.split("-", 1)[0].lower()


# POSIX order: the first of these that is set names the language of messages.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def terminal_language() -> str:
    """The operator's language, one of `settings.LANGUAGES`, from the locale variables
    (`LANG=pt_BR.UTF-8` gives `pt-br`); English for `C`, `POSIX` or any other language."""
    value = next((os.environ[name] for name in _LOCALE_VARIABLES if os.environ.get(name)), "")
    code = translation.to_language(value.split(".")[0].split("@")[0])
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


class TerminalLanguageMixin:
    """For management commands whose output is meant for people: they write in the terminal's
    language. Put it first among the bases."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(terminal_language()):
            return super().execute(*args, **options)  # type: ignore[misc]
