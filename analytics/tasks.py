"""Celery tasks of the analytics app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from analytics.services import rollup_refresh


@shared_task(
    name="analytics.rollup",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
)
def rollup() -> dict[str, object]:
    """Roll up the closed hours (idempotent: a repeated or overlapping run rewrites the same
    rows)."""
    run = rollup_refresh()
    return {
        "start": run.start.isoformat(),
        "end": run.end.isoformat(),
        "route_rows": run.route_rows,
        "template_rows": run.template_rows,
    }
