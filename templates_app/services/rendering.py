"""Rendering prompt templates: the one entry point the app calls, and its errors.

Parsing (syntax, the variables a template reads) is cheap and bounded, so it runs in this process;
rendering runs template code, so it happens in a worker process with a memory limit and a deadline
(`render_pool`), inside the sandbox (`sandbox`). Either way a failure is a `RenderError` naming the
field, or a `RenderLimitExceeded` (`render_limit`) when a limit stopped it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from templates_app.errors import RenderError, RenderLimitExceeded
from templates_app.services import sandbox
from templates_app.services.render_pool import SourceProblem, render_in_worker
from templates_app.services.text import has_unstorable_characters


def _render_error(problem: sandbox.TemplateProblem, field: str) -> RenderError:
    kind = RenderLimitExceeded if problem.limit else RenderError
    return kind(problem.message, field=field)


def variables_used(source: str, *, field: str = "body") -> set[str]:
    """Names `source` reads from its context, leaving out Jinja's own globals (`range`, ...)."""
    try:
        return sandbox.undeclared_names(source)
    except sandbox.TemplateProblem as problem:
        raise _render_error(problem, field) from problem


def render_each(sources: Mapping[str, str], context: Mapping[str, Any]) -> dict[str, str]:
    """Render each of `sources` (field: source) with `context` (already validated against the
    variable schema), in order, in one round trip to a worker; the first that fails raises,
    naming its field."""
    fields = list(sources)
    try:
        texts = render_in_worker(list(sources.values()), dict(context))
    except SourceProblem as problem:
        raise _render_error(problem, fields[problem.index]) from problem
    rendered = dict(zip(fields, texts, strict=True))
    for field, text in rendered.items():
        # `{{ "\x00" }}` is a valid template: its output could be neither stored nor sent.
        # Checked here, not in the worker, which imports nothing of the app (it sees no settings
        # or secrets).
        if has_unstorable_characters(text):
            raise RenderLimitExceeded(
                _("The rendered text contains NUL characters or unpaired surrogates."),
                field=field,
            )
    return rendered


def start_rendering() -> None:
    """Start this process's first render worker now, not at its first render: a warm-up step
    (`aiagency.warmup`)."""
    render_in_worker([""], {})


def render(source: str, context: Mapping[str, Any], *, field: str = "body") -> str:
    """Render `source` with `context` (`render_each` of one source)."""
    return render_each({field: source}, context)[field]
