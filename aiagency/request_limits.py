"""A ceiling on request bodies, checked before anything reads them.

Django bounds `request.body` and form fields (`DATA_UPLOAD_MAX_MEMORY_SIZE`), but DRF's parsers read
the body as a stream and bypass that check, so a JSON body of any size would be read and parsed.
This middleware refuses, by its declared length, any body over `API_MAX_REQUEST_BYTES` with a 413
in the API's error shape; file uploads keep their own, smaller limits (imports, batches).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.API_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("The request body is %(length)s bytes; the limit is %(limit)s bytes.") % {
                "length": f"{length:,}",
                "limit": f"{limit:,}",
            }
            return JsonResponse(
                {"error": {"code": "request_too_large", "message": message, "fields": {}}},
                status=413,
            )
        return self.get_response(request)
