from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")  # the admin's heading

    def ready(self) -> None:
        # Celery worker hooks for multiprocess metrics; harmless in the web process.
        from analytics import worker_metrics

        worker_metrics.connect()
