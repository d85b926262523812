"""Which texts can be stored and sent back at all.

PostgreSQL refuses NUL in text and JSON columns, and no database driver (nor the UTF-8 JSON answer)
can encode an unpaired surrogate, which JSON's `\\ud800` escapes can still produce. Such a value has
to be refused as invalid input where it enters, not fail later as a server error at write time.
"""

from __future__ import annotations

import re

UNSTORABLE_MESSAGE = "Must not contain NUL characters or unpaired surrogates."
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable_characters(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None
