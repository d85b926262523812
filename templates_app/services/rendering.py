"""Sandboxed Jinja2 rendering of prompt templates.

Template bodies are written by workspace members and rendered on the server, so they are treated as
untrusted code. Jinja's `SandboxedEnvironment` already refuses private attributes (`__class__`,
`__globals__`, `cycler.__init__`, ...); on top of it this module bounds the resources a template
can use, because the sandbox alone lets `{% for i in range(99999) %}{% for j in range(99999) %}`
spin for hours or `"x" * 10**9` allocate a gigabyte:

- sizes: `MAX_SOURCE_CHARS` for a body, `MAX_RENDERED_CHARS` for the output (checked while the
  output is produced, not after), `MAX_RANGE_ITEMS` for `range()`;
- arithmetic and calls: `*`, `**` and `%` are intercepted, and every call or filter refuses integer
  arguments or format widths that would build a string larger than the output limit;
- work: a step budget counts the lines of template code executed (`sys.settrace`, installed only
  while rendering and only for template frames), so nested loops and recursive macros stop early;
- anything else the template raises becomes a `RenderError` (400), never a server error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache, wraps
from types import FrameType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from templates_app.errors import RenderError
from templates_app.services.text import has_unstorable_characters

MAX_SOURCE_CHARS = 50_000
MAX_RENDERED_CHARS = 200_000
MAX_RANGE_ITEMS = 10_000
# An integer passed to a call or filter (a width, a count) cannot exceed the output limit.
MAX_ARGUMENT = MAX_RENDERED_CHARS
MAX_STEPS = 200_000
MAX_POWER_BITS = 100_000

# Jinja compiles templates from strings under this filename; the step budget traces only those.
_TEMPLATE_FILENAME = "<template>"
# A %-style or {}-style format specification with a width or precision of a million or more.
_HUGE_FORMAT = re.compile(r"%[-#0 +]*\.?\d{7,}|\{[^{}]*:[^{}]*\d{7,}")


class _LimitExceeded(Exception):
    pass


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE_ITEMS:
        raise _LimitExceeded(f"range() is limited to {MAX_RANGE_ITEMS:,} items.")
    return numbers


def _check_size(size: int) -> None:
    if size > MAX_RENDERED_CHARS:
        raise _LimitExceeded(
            f"The template would build a text of {size:,} characters; the limit is "
            f"{MAX_RENDERED_CHARS:,}."
        )


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _HUGE_FORMAT.search(text):
        raise _LimitExceeded("Format widths and precisions are limited to six digits.")


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise _LimitExceeded(f"Numbers passed to a call are limited to {MAX_ARGUMENT:,}.")


def _check_string_method(method: Any, args: tuple[Any, ...]) -> None:
    """Methods of `str` whose result can be far larger than their arguments."""
    method = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    receiver, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if not isinstance(receiver, str):
        return
    if name in ("format", "format_map"):
        _check_format(receiver)
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        _check_size(len(receiver) + (len(receiver) + 1) * len(args[1]))


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                _check_size(len(sequence) * count)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and left.bit_length() * right > MAX_POWER_BITS:
            raise _LimitExceeded("The result of ** would be too large.")
    elif operator == "%":
        _check_format(left)


def _guard_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the argument checks to a filter (filters are called directly, not through `call`)."""
    # Filters marked with @pass_context & co. receive that object first, then the value.
    skip = 2 if hasattr(func, "jinja_pass_arg") else 1

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[skip:], kwargs)
        if func.__name__ in ("do_format", "do_replace"):
            _check_format(args[skip - 1])
            if func.__name__ == "do_replace" and len(args) > skip + 1:
                text, new = str(args[skip - 1]), str(args[skip + 1])
                _check_size(len(text) + (len(text) + 1) * len(new))
        return func(*args, **kwargs)

    return guarded


class PromptEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,  # prompts are plain text, not HTML
            keep_trailing_newline=True,
            finalize=lambda value: "" if value is None else value,
        )
        self.globals["range"] = _limited_range
        del self.globals["lipsum"]  # generates unbounded text and is useless in a prompt
        self.filters = {name: _guard_filter(func) for name, func in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        _check_string_method(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)


ENVIRONMENT = PromptEnvironment()


@contextmanager
def _step_budget(limit: int) -> Iterator[None]:
    """Count the lines of template code executed and stop the render past `limit`.

    A deterministic bound on work (no clocks, no signals, so it works in any thread). It replaces
    any other tracer (a debugger, coverage) for the duration of the render only.
    """
    steps = 0

    def count_lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
            if steps > limit:
                raise _LimitExceeded("The template does too much work (too many loop steps).")
        return count_lines

    def trace_templates_only(frame: FrameType, event: str, arg: Any) -> Any:
        return count_lines if frame.f_code.co_filename == _TEMPLATE_FILENAME else None

    previous = sys.gettrace()
    sys.settrace(trace_templates_only)
    try:
        yield
    finally:
        sys.settrace(previous)


def _syntax_message(error: TemplateSyntaxError) -> str:
    return f"Template syntax error on line {error.lineno}: {error.message}"


@lru_cache(maxsize=512)
def _compile(source: str) -> Template:
    return ENVIRONMENT.from_string(source)


def _check_source(source: str, field: str) -> None:
    if len(source) > MAX_SOURCE_CHARS:
        raise RenderError(
            f"The template is {len(source):,} characters long; the limit is {MAX_SOURCE_CHARS:,}.",
            field=field,
        )


_TOO_DEEP = "The template nests expressions too deeply."


def parse(source: str, *, field: str = "body") -> nodes.Template:
    """The syntax tree of `source`; a `RenderError` on `field` when it is too long or invalid."""
    _check_source(source, field)
    try:
        return ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise RenderError(_syntax_message(error), field=field) from error
    except RecursionError as error:  # Jinja's parser recurses once per nested bracket
        raise RenderError(_TOO_DEEP, field=field) from error


def variables_used(source: str, *, field: str = "body") -> set[str]:
    """Names `source` reads from its context, leaving out Jinja's own globals (`range`, ...)."""
    tree = parse(source, field=field)
    try:
        names = meta.find_undeclared_variables(tree)
    except RecursionError as error:  # the code generator walks the tree recursively too
        raise RenderError(_TOO_DEEP, field=field) from error
    return names - set(ENVIRONMENT.globals)


def _render_chunks(template: Template, context: Mapping[str, Any]) -> str:
    chunks: list[str] = []
    size = 0
    with _step_budget(MAX_STEPS):
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            _check_size(size)
            # `{{ "\x00" }}` is a valid template: its output could be neither stored nor sent.
            if has_unstorable_characters(chunk):
                raise _LimitExceeded(
                    "The rendered text contains NUL characters or unpaired surrogates."
                )
            chunks.append(chunk)
    return "".join(chunks)


def render(source: str, context: Mapping[str, Any], *, field: str = "body") -> str:
    """Render `source` with `context` (already validated against the variable schema)."""
    _check_source(source, field)
    try:
        return _render_chunks(_compile(source), context)
    except TemplateSyntaxError as error:
        raise RenderError(_syntax_message(error), field=field) from error
    except SecurityError as error:
        raise RenderError(f"Unsafe operation refused: {error}", field=field) from error
    except UndefinedError as error:
        raise RenderError(f"Undefined value: {error}", field=field) from error
    except _LimitExceeded as error:
        raise RenderError(str(error), field=field) from error
    except RecursionError as error:
        raise RenderError("The template recurses too deeply.", field=field) from error
    except MemoryError as error:
        raise RenderError("The template needs too much memory.", field=field) from error
    except Exception as error:
        # The boundary of untrusted code: whatever else a template raises (a TypeError, a
        # ZeroDivisionError, an OverflowError, ...) is the author's mistake, not a server fault.
        message = f"The template failed: {type(error).__name__}: {error}"
        raise RenderError(message, field=field) from error
