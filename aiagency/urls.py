from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from aiagency import frontend
from aiagency.exceptions import UnknownApiPath
from aiagency.health import healthz, readyz

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("accounts.urls")),
    path("", include("templates_app.urls")),
    path("", include("generations.urls")),
    path("", include("content.urls")),
    path("", include("evaluations.urls")),
    path("analytics/", include("analytics.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Last. Only paths ending in a slash, so that Django still redirects `/api/templates` to
    # `/api/templates/` (APPEND_SLASH) rather than this answering 404.
    re_path(r"^(?:.*/)?$", UnknownApiPath.as_view(), name="api-unknown-path"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", include("analytics.metrics_urls")),  # by name: the apps sit above aiagency
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    *frontend.urlpatterns,  # last: client-side routes of the dashboard
]

# Errors no view answered: JSON in the API's shape under /api/, Django's pages elsewhere.
handler400 = "aiagency.exceptions.bad_request"
handler403 = "aiagency.exceptions.permission_denied"
handler404 = "aiagency.exceptions.page_not_found"
handler500 = "aiagency.exceptions.server_error"
