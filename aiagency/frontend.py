"""Serve the React dashboard built into `frontend/dist` (`make frontend`).

WhiteNoise serves the build's files from the site root (`WHITENOISE_ROOT`): hashed `/assets/*`
with a year-long immutable cache, plus `favicon.svg`. Every other non-API path is a client-side
route, so this view answers it with `index.html`, uncached so a new deploy's asset names are picked
up at once. The catch-all leaves the API, the admin, static and media files, probes and metrics to
their own views, so a wrong API URL still gets the API's JSON 404 rather than the app.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.decorators.http import require_safe

#: Paths the dashboard must never answer (Django strips the leading slash before matching).
RESERVED = r"api/|admin/|static/|media/|(?:healthz|readyz|metrics)/?$"
CATCH_ALL = rf"^(?!{RESERVED}).*$"

MISSING_BUILD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AI Agency</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The dashboard is not built yet</h1>
<p>Run <code>make frontend</code> (or <code>make run</code>, which builds it) and reload this page.
For development with hot reload, run <code>make dev-frontend</code> and open
<a href="http://localhost:5173/">http://localhost:5173/</a>.</p>
<p>The API is available meanwhile: <a href="/api/docs/">/api/docs/</a>.</p>
</body></html>
"""


def dist_dir() -> Path:
    default = Path(settings.BASE_DIR) / "frontend" / "dist"
    return Path(getattr(settings, "FRONTEND_DIST_DIR", default))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    index_file = dist_dir() / "index.html"
    try:
        html = index_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        response = HttpResponse(MISSING_BUILD, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [re_path(CATCH_ALL, index, name="frontend")]
