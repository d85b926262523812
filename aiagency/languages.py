"""Language tags (BCP 47) as templates and content carry them: `pt-BR`, `en`, `en-GB`.

Django names its languages in lower case (`pt-br`, settings.LANGUAGES); a template's language is
the tag in its canonical casing, the language lower case, the region upper case, a script title
case, so the same language is always written the same way.
"""

from __future__ import annotations

import re

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
