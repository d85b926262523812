"""Differences between two versions of a template, as unified diffs a reviewer can read."""

from __future__ import annotations

import difflib
import json
from typing import Any

from templates_app.models import TemplateVersion
from templates_app.services.content import CONTENT_FIELDS


def _lines(value: Any) -> list[str]:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, sort_keys=True)
    return text.splitlines()


def version_diff(*, old: TemplateVersion, new: TemplateVersion) -> dict[str, Any]:
    """`{from_version, to_version, body, system_prompt, variables, defaults}`; "" where equal."""
    result: dict[str, Any] = {"from_version": old.number, "to_version": new.number}
    for field in CONTENT_FIELDS:
        lines = difflib.unified_diff(
            _lines(getattr(old, field)),
            _lines(getattr(new, field)),
            fromfile=f"v{old.number}/{field}",
            tofile=f"v{new.number}/{field}",
            lineterm="",
        )
        result[field] = "\n".join(lines)
    return result
