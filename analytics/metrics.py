"""The exposition of the Prometheus metrics (those of generations are in `generations.metrics`,
named as the design document defines them).

Several processes serve the app (gunicorn workers, Celery pool processes), each with its own
counters. With `PROMETHEUS_MULTIPROC_DIR` set (before Python starts: prometheus_client reads it at
import) every process writes its values to files there and an exposition merges them all. Each
group of processes on a host has its own directory, wiped when it starts: gunicorn's
(`aiagency/gunicorn.conf.py`), served at `/metrics`, and each Celery worker's, served on
`CELERY_METRICS_PORT` by the worker's main process (`analytics.worker_metrics`). Without the
variable, each process serves only its own counters, which is right for `runserver` and tests.
"""

from __future__ import annotations

import hmac
import os
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from aiagency.client_address import client_address


def multiprocess_directory() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def registry_to_expose(*, with_ops: bool = False) -> CollectorRegistry:
    """The default registry, or in multiprocess mode one merging every process's files;
    `with_ops` adds the scrape-time gauges of `generations.ops_metrics` (the API's `/metrics` only:
    a worker serving them too would report them twice)."""
    directory = multiprocess_directory()
    if directory is None:
        return REGISTRY  # GenerationsConfig.ready() has registered the ops gauges there
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    if with_ops:
        from generations.ops_metrics import OpsCollector

        registry.register(OpsCollector())
    return registry


def exposition() -> tuple[bytes, str]:
    return generate_latest(registry_to_expose(with_ops=True)), CONTENT_TYPE_LATEST


def scrape_allowed(request: HttpRequest) -> bool:
    """`Authorization: Bearer <METRICS_TOKEN>`, or a peer address in `METRICS_ALLOWED_IPS`
    (addresses or networks). The address is the client's as `aiagency.client_address` finds it:
    a forwarded header counts only from a trusted proxy. With neither setting, nobody may
    scrape."""
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # compare_digest: the time taken must not tell how much of the token was right.
    if (
        token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), token.encode())
    ):
        return True
    if settings.METRICS_ALLOWED_IPS:
        try:
            peer = ip_address(client_address(request))
        except ValueError:
            return False
        return any(
            peer in ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_IPS
        )
    return False
