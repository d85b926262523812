"""Probes: `/healthz` says the process answers, `/readyz` that its database does (and how the
cache and the broker are).

Without the database the API cannot serve: the pod leaves rotation (503). Without the cache
(Redis) it serves from each process's memory (`aiagency.cache`), and without the broker only the
sending of background work stops: async generations and batches are still recorded, and the
sweep sends them once the broker is back (`aiagency.celery.send_after_commit`). Either way the pod
stays ready and `/readyz` says it is degraded, naming what is down.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from kombu import Connection

from aiagency.cache import cache_degraded


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    found = cache.get(key)
    cache.delete(key)
    if cache_degraded():
        raise RuntimeError("Redis unreachable: each process answers from its own memory")
    if found != "1":
        raise RuntimeError("value written was not read back")


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # tasks run in-process: there is no broker to reach
    timeout = settings.READINESS_TIMEOUT_SECONDS
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as broker:
        broker.ensure_connection(max_retries=1, timeout=timeout)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}
REQUIRED = ("database",)


def _run(check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:  # a probe reports any failure rather than raising it
        return f"error: {type(error).__name__}: {error}"
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    results = {name: _run(check) for name, check in CHECKS.items()}
    down = sorted(name for name, result in results.items() if result != "ok")
    failing = [name for name in down if name in REQUIRED]
    degraded = [name for name in down if name not in REQUIRED]
    status = "fail" if failing else "degraded" if degraded else "ok"
    body = {"status": status, "failing": failing, "degraded": degraded, "checks": results}
    return JsonResponse(body, status=503 if failing else 200)
