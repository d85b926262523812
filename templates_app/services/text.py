"""Which texts can be stored and sent back at all: the rule lives in `aiagency.json_input`, where
every JSON document from outside is checked; the services here apply it to what other formats bring
in (YAML, CSV, Markdown imports, rendered prompts)."""

from __future__ import annotations

from aiagency.json_input import UNSTORABLE_MESSAGE, has_unstorable_characters

__all__ = ["UNSTORABLE_MESSAGE", "has_unstorable_characters"]
