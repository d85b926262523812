"""The Jinja2 sandbox prompt templates run in, and its in-process limits.

Template bodies are written by workspace members and rendered on the server, so they are treated as
untrusted code. Jinja's `SandboxedEnvironment` already refuses private attributes (`__class__`,
`__globals__`, `cycler.__init__`, ...); on top of it this module bounds what a template can ask
for, so that the usual abuse gets an early, precise message:

- sizes: `MAX_SOURCE_CHARS` for a body, `MAX_RENDERED_CHARS` for the output (checked while the
  output is produced, not after), `MAX_RANGE_ITEMS` for `range()`;
- arithmetic and calls: `*`, `**` and `%` are intercepted, and every call or filter refuses integer
  arguments or format widths that would build a string larger than the output limit;
- work: a step budget counts the lines of template code executed (`sys.settrace`, installed only
  while rendering and only for template frames), so nested loops and recursive macros stop early;
- loading: `{% include %}`, `{% import %}` and `{% extends %}` are refused when parsing (there is
  nothing to load);
- anything else the template raises becomes a `TemplateProblem` naming the line, never a Python
  exception name.

These checks cannot see every intermediate value (`ns.s ~ ns.s` doubling in a loop, `l.extend(l)`,
a `join` with a huge separator) nor C-level CPU (a loop of sorts): that is why templates render in
worker processes with a memory limit and a deadline (`render_pool`). This module is what those
workers import, so it depends on Jinja2 and the standard library only: no Django.
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

from templates_app.services.text import has_unstorable_characters

MAX_SOURCE_CHARS = 50_000
MAX_RENDERED_CHARS = 200_000
MAX_RANGE_ITEMS = 10_000
# An integer passed to a call or filter (a width, a count) cannot exceed the output limit.
MAX_ARGUMENT = MAX_RENDERED_CHARS
MAX_STEPS = 200_000
MAX_POWER_BITS = 100_000

# Jinja compiles templates from strings under this filename; the step budget traces only those,
# and a failure's line is read from the traceback frames carrying it.
_TEMPLATE_FILENAME = "<template>"
# A %-style (mapping key allowed) or {}-style format specification with a width or precision of a
# million or more.
_HUGE_FORMAT = re.compile(r"%(\([^)]*\))?[-#0 +]*\.?\d{7,}|\{[^{}]*:[^{}]*\d{7,}")
_LOADING_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}
_TOO_DEEP = "The template nests expressions too deeply."


class TemplateProblem(Exception):
    """Why a template cannot be rendered, in words for its author.

    `limit` is true when it asked for more than a resource limit allows (the API's `render_limit`),
    false when the template itself is wrong (`render_error`).
    """

    def __init__(self, message: str, *, limit: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit


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


# --- parsing --------------------------------------------------------------------------------------
def _refuse_loading(tree: nodes.Template) -> None:
    for kind, tag in _LOADING_TAGS.items():
        for node in tree.find_all(kind):
            raise TemplateProblem(
                f"Line {node.lineno}: {{% {tag} %}} is not available; a prompt template cannot "
                "load other templates."
            )


def parse(source: str) -> nodes.Template:
    """The syntax tree of `source`, refusing what could never render (too long, invalid, loads
    other templates)."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateProblem(
            f"The template is {len(source):,} characters long; the limit is {MAX_SOURCE_CHARS:,}.",
            limit=True,
        )
    try:
        tree = ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise TemplateProblem(_syntax_message(error)) from error
    except RecursionError as error:  # Jinja's parser recurses once per nested bracket
        raise TemplateProblem(_TOO_DEEP) from error
    _refuse_loading(tree)
    return tree


def undeclared_names(source: str) -> set[str]:
    """Names `source` reads from its context, leaving out Jinja's own globals (`range`, ...)."""
    tree = parse(source)
    try:
        names = meta.find_undeclared_variables(tree)
    except RecursionError as error:  # the code generator walks the tree recursively too
        raise TemplateProblem(_TOO_DEEP) from error
    return names - set(ENVIRONMENT.globals)


def _syntax_message(error: TemplateSyntaxError) -> str:
    return f"Template syntax error on line {error.lineno}: {error.message}"


# A worker keeps the compiled form of the templates it renders often (one per body and system
# prompt in use); each costs tens of kilobytes, counted against the worker's memory limit.
@lru_cache(maxsize=128)
def _compile(source: str) -> Template:
    tree = parse(source)
    try:
        return ENVIRONMENT.from_string(tree)
    except TemplateSyntaxError as error:  # e.g. an unknown filter, found when compiling
        raise TemplateProblem(_syntax_message(error)) from error
    except RecursionError as error:
        raise TemplateProblem(_TOO_DEEP) from error


# --- rendering ------------------------------------------------------------------------------------
def _failing_line(error: BaseException) -> int | None:
    """The template line being run when `error` was raised (Jinja rewrites tracebacks so that
    template frames carry template lines); the innermost one, e.g. inside a macro."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == _TEMPLATE_FILENAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _on_line(error: BaseException) -> str:
    line = _failing_line(error)
    return f" on line {line}" if line else ""


def _describe(error: Exception) -> str:
    """What went wrong, for the template's author: the exception's own words without its class."""
    if isinstance(error, KeyError):
        return f"there is no item {error.args[0]!r}" if error.args else "a missing item"
    if isinstance(error, OverflowError):  # its text may be an errno tuple
        return "a number is too large"
    return str(error) or "an operation failed"


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


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render `source` with `context` here, in this process; a `TemplateProblem` when it fails.

    A `MemoryError` goes through to the caller, a worker process with a memory limit, which reports
    it and ends (what the render allocated on the way may stay with the process).
    """
    template = _compile(source)
    try:
        return _render_chunks(template, context)
    except SecurityError as error:
        raise TemplateProblem(f"Unsafe operation refused{_on_line(error)}: {error}") from error
    except UndefinedError as error:
        raise TemplateProblem(f"Undefined value{_on_line(error)}: {error}") from error
    except _LimitExceeded as error:
        raise TemplateProblem(str(error), limit=True) from error
    except RecursionError as error:
        raise TemplateProblem("The template recurses too deeply.", limit=True) from error
    except MemoryError:
        raise
    except Exception as error:
        # The boundary of untrusted code: whatever else a template raises (a TypeError, a
        # ZeroDivisionError, an OverflowError, ...) is the author's mistake, not a server fault.
        raise TemplateProblem(
            f"The template failed{_on_line(error)}: {_describe(error)}"
        ) from error
