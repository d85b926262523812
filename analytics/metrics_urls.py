"""`/metrics`, outside `/api/` (included by `aiagency.urls`)."""

from __future__ import annotations

from django.urls import path

from analytics.views import metrics_view

urlpatterns = [path("", metrics_view, name="metrics")]
