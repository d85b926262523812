"""Template-specific domain errors (see `aiagency.errors` for the contract)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise

from aiagency.errors import DomainError


class TemplateInvalid(DomainError):
    """Several field errors at once, e.g. `{"variables.topic": ["This variable is required."]}`.

    The message lists them all, so the error stays useful where only the message is shown (the
    import report, the command line); the API shows each under its field.
    """

    def __init__(self, errors: Mapping[str, Sequence[str | Promise]]) -> None:
        # Lazy translations (a module's constant messages) are rendered in the answer's language.
        texts = {
            field: [str(message) for message in messages] for field, messages in errors.items()
        }
        message = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in texts.items())
        super().__init__(message, errors=texts)


class TemplateLimitExceeded(TemplateInvalid):
    """Field errors, one of which is a template that hit a render limit when saved."""

    code = "render_limit"


class RenderError(DomainError):
    """The template could not be rendered safely: syntax, an unsafe operation, a limit."""

    code = "render_error"


class RenderLimitExceeded(RenderError):
    """Rendering asked for more than a limit allows: size, loop steps, memory, time."""

    code = "render_limit"
