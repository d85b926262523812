"""Readying a fresh server or worker process before it takes work.

Some work an app does once per process, on first use: importing a provider's SDK (0.3 to 0.8 s
each), starting a render worker. A gunicorn worker that starts (a deploy, or a recycle after
`GUNICORN_MAX_REQUESTS`) would make its first generation wait for all of it: about half a second
against the usual few milliseconds. So apps register those steps here (`register`, from their
`AppConfig.ready`), and `warm_up` runs them in a thread: gunicorn's `post_worker_init` waits for
them before the worker accepts a connection, up to `SERVER_WAIT_SECONDS`; a Celery pool process
(aiagency/celery_django.py) does not wait, since Celery gives a pool process 4 s to start.

A step that fails is logged and skipped: what it would have done then happens at first use, as it
would without this module. Work a request needs while a step is still running (an import under
way) waits for it, as it would have waited for its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger("aiagency.warmup")

# How long a starting gunicorn worker waits for the steps: enough for them on a busy machine,
# not so long that a dependency that is down (the database pool waits 10 s for a connection)
# holds the worker back; past it they go on in the background.
SERVER_WAIT_SECONDS = 3.0

_steps: dict[str, Callable[[], None]] = {}


def register(step: Callable[[], None]) -> None:
    """Run `step` when a process warms up (once, whatever the number of calls)."""
    _steps[f"{step.__module__}.{step.__qualname__}"] = step


def warm_up(*, wait: float = 0.0) -> threading.Thread:
    """Run the registered steps, in the order they were registered, in a thread; return once
    they are done or after `wait` seconds, whichever comes first. Returns the thread."""
    thread = threading.Thread(target=_run_steps, name="warm-up", daemon=True)
    thread.start()
    thread.join(wait)
    if wait and thread.is_alive():  # a wait that ran out, not a start that asked for none
        logger.info("warm-up goes on in the background", extra={"waited_seconds": wait})
    return thread


def _run_steps() -> None:
    timings: dict[str, float] = {}
    for name, step in list(_steps.items()):
        started = time.monotonic()
        try:
            step()
        except Exception:
            logger.warning(
                "a warm-up step failed: its work will be done at first use instead",
                exc_info=True,
                extra={"step": name},
            )
        timings[name] = round(time.monotonic() - started, 3)
    # A step may have read the database: the thread ends, its connection goes back.
    connections.close_all()
    logger.info("process warmed up", extra={"seconds": timings})
