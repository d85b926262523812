from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from aiagency import frontend, ops_metrics
from aiagency.health import healthz, readyz
from analytics.views import metrics_view

# Queue depth and circuit gauges, read from the database and the cache at scrape time.
ops_metrics.register()

api_patterns = [
    path("", include("accounts.urls")),
    path("", include("templates_app.urls")),
    path("", include("generations.urls")),
    path("analytics/", include("analytics.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    *frontend.urlpatterns,  # last: client-side routes of the dashboard
]
