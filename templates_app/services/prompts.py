"""Turning a template version and a caller's values into the prompts sent to a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from templates_app.models import TemplateVersion
from templates_app.services.rendering import render
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
    return RenderedPrompt(
        system_prompt=render(version.system_prompt, context, field="system_prompt"),
        prompt=render(version.body, context, field="body"),
        variables=context,
    )
