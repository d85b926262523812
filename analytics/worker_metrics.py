"""Metrics of Celery workers: counters written in pool processes, served by the main process.

A worker's pool processes meter the generations they run. With `PROMETHEUS_MULTIPROC_DIR` set (a
directory of the worker's own, not gunicorn's: both wipe theirs when they start) the main process
merges every pool process's files and serves them on `CELERY_METRICS_PORT`, which Prometheus
scrapes beside `/metrics`. No pushgateway is needed, and it works whether or not the worker shares
a host with the API. The port has no authentication: expose it on the cluster network only.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from celery import signals
from django.conf import settings
from prometheus_client import multiprocess, start_http_server

from analytics.metrics import multiprocess_directory, registry_to_expose

logger = logging.getLogger("analytics")
_servers: list[Any] = []  # the metrics HTTP server of this worker, once started


def wipe_directory(directory: str) -> None:
    """Files left by a previous run would add its counts to this one's."""
    path = Path(directory)
    if path.is_dir():
        for child in path.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    path.mkdir(parents=True, exist_ok=True)


def on_worker_init(**_kwargs: Any) -> None:
    port = settings.CELERY_METRICS_PORT
    if not port:
        return
    directory = multiprocess_directory()
    if directory:
        wipe_directory(directory)
    else:
        logger.warning(
            "CELERY_METRICS_PORT without PROMETHEUS_MULTIPROC_DIR: only the main process's "
            "metrics are served, not those of prefork pool processes"
        )
    server, _thread = start_http_server(
        port, addr=settings.CELERY_METRICS_ADDR, registry=registry_to_expose()
    )
    _servers.append(server)
    logger.info("worker metrics served", extra={"port": port, "multiprocess_dir": directory})


def on_worker_process_shutdown(**_kwargs: Any) -> None:
    # Live gauges of a dead process must stop counting; its counters stay, as they should.
    if multiprocess_directory():
        multiprocess.mark_process_dead(os.getpid())


def connect() -> None:
    signals.worker_init.connect(on_worker_init, weak=False)
    signals.worker_process_shutdown.connect(on_worker_process_shutdown, weak=False)
