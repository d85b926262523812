"""gunicorn settings: `gunicorn -c aiagency/gunicorn.conf.py` serves `aiagency.wsgi` with gthread
workers, what production runs (`docker/entrypoint.sh api`).

Each worker answers at most `threads` requests at once, a Server-Sent Events stream holding its
thread until it ends; the rest wait for a thread. WSGI rather than ASGI: with every view
synchronous, ASGI (uvicorn workers, with a handler that overrode Django's internals to stream and
to skip its thread hops) measured no faster, for sync generations or 200 concurrent streams
(`benchmarks/servers.md`), so the simpler server stays.

Metrics of several workers: set `PROMETHEUS_MULTIPROC_DIR` to a directory of the API's own (an
emptyDir in Kubernetes); it is wiped when the master starts, every worker writes its counters
there, `/metrics` merges them, and a worker that exits is marked dead so its live gauges go.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Workers share the master's listening socket. `reuse_port` would balance keep-alive connections
# over them better, but a worker recycled (max-requests) closes its own socket with the
# connections queued on it: 877 of 2,000 were refused in a test (benchmarks/peers.md).
worker_class = "gthread"
# Enough for the streams and slow provider calls a worker serves at once (each holds a thread).
threads = int(os.environ.get("GUNICORN_THREADS", "64"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Forwarded headers are believed only from our own proxies, the same TRUSTED_PROXIES as Django's
# (comma-separated addresses or networks; none by default): see aiagency/client_address.py.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")
accesslog = None  # Django's logs carry the request id; gunicorn's access log would not
wsgi_app = "aiagency.wsgi:application"
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): every
# master on a machine (the local cluster's API processes, two test runs) would take it from the
# one before. Processes are managed by Kubernetes or compose here, never through `gunicornc`.
control_socket_disable = True


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        # Files left by a previous run would add its counts to this one's.
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def post_worker_init(worker: Any) -> None:
    # The app is loaded; the worker accepts connections once this returns (aiagency/warmup.py).
    from aiagency.warmup import SERVER_WAIT_SECONDS, warm_up

    warm_up(wait=SERVER_WAIT_SECONDS)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
