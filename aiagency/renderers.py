"""The API's JSON renderer: an answer can always be sent.

DRF writes non-ASCII text as it is, in UTF-8. UTF-8 cannot encode an unpaired surrogate, which a
JSON request can still bring in (`"\\ud800"`), and an error naming the offending key or value sends
it back: DRF's renderer then fails, and a bad request became a 500. Such an answer is written with
its non-ASCII characters escaped (`\\ud800`), which JSON allows; every other answer is unchanged.

`JSONOnActions` answers some actions of a viewset in JSON whatever the request asks for;
`ErrorOnlyRenderer` lets an action that sends its own answer (a file, a stream) be negotiated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import renderers
from rest_framework.request import Request


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _EscapedJSONRenderer().render(data, accepted_media_type, renderer_context)


class _EscapedJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


class JSONOnActions:
    """Mixed into a viewset: its `json_actions` negotiate no renderer and answer in JSON. There
    `?format=` names a file type rather than a DRF renderer, or the answer is a stream, so what
    DRF renders itself (the errors raised before the file or the stream) is JSON."""

    json_actions: tuple[str, ...] = ()

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[renderers.BaseRenderer, str]:
        if getattr(self, "action", None) in self.json_actions:
            renderer = JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)  # type: ignore[misc]


class ErrorOnlyRenderer(renderers.BaseRenderer):
    """Lets a client that accepts only `media_type` (a CSV file, an event stream) negotiate an
    action that sends its answer itself: the one thing DRF renders there is an error raised before
    the answer starts, written by `error_text`."""

    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        return self.error_text(data).encode()

    def error_text(self, data: Any) -> str:
        raise NotImplementedError
