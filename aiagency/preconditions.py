"""Optimistic locking over HTTP: an edit names the number (template version, content revision) it
started from, in the body or as an `If-Match` header carrying the `ETag` a read answered."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_ETAG_NUMBER = re.compile(r'^(?:W/)?"?(\d+)"?$')


def etag_header(number: int) -> dict[str, str]:
    return {"ETag": f'"{number}"'}


def base_number(request: Request, given: int | None, *, field: str, what: str) -> int:
    # `what` is translated by the caller ("version", "revision").
    """The `what` the caller's edit started from: `given` (the body's `field`), else If-Match."""
    if given is not None:
        return given
    match = _ETAG_NUMBER.match(request.headers.get("If-Match", "").strip())
    if match is None:
        raise ValidationError(
            {
                field: [
                    _("Send the %(what)s your edit started from (or an If-Match header).")
                    % {"what": what}
                ]
            }
        )
    return int(match.group(1))
