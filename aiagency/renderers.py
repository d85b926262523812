"""The API's JSON renderer: an answer can always be sent.

DRF writes non-ASCII text as it is, in UTF-8. UTF-8 cannot encode an unpaired surrogate, which a
JSON request can still bring in (`"\\ud800"`), and an error naming the offending key or value sends
it back: DRF's renderer then fails, and a bad request became a 500. Such an answer is written with
its non-ASCII characters escaped (`\\ud800`), which JSON allows; every other answer is unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import renderers


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
