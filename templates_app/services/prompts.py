"""Turning a template version and a caller's values into the prompts sent to a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from templates_app.models import TemplateVersion
from templates_app.services.rendering import render_each
from templates_app.services.schema import validate_input


@dataclass(frozen=True)
class RenderedPrompt:
    system_prompt: str
    prompt: str
    variables: dict[str, Any]  # the values after validation, defaults and type coercion


def render_version(*, version: TemplateVersion, values: Any) -> RenderedPrompt:
    """Validate `values` against the version's schema, then render both prompts in the sandbox.

    Raises `TemplateInvalid` naming each bad variable, or `RenderError`.
    """
    context = validate_input(version.variables, values)
    texts = render_each({"system_prompt": version.system_prompt, "body": version.body}, context)
    return RenderedPrompt(
        system_prompt=texts["system_prompt"], prompt=texts["body"], variables=context
    )
