from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")

app = Celery("aiagency")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="aiagency.ping")
def ping() -> str:
    """Round trip through the broker; readiness probes and integration tests use it."""
    return "pong"
