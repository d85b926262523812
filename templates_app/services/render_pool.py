"""Rendering in worker processes, so that a template bomb costs a worker, never the serving process.

The sandbox (`sandbox.py`) refuses the usual abuse early, but cannot see every intermediate value
(`{% set ns.s = ns.s ~ ns.s %}` in a loop doubles a string to gigabytes) nor CPU spent in C (a loop
of `|sort`). So every render happens in a long-lived child process (`render_worker.py`) limited to
`RENDER_MEMORY_MB` of address space; the serving process waits `RENDER_TIMEOUT_SECONDS` for its
answer, and kills and replaces a worker that overruns, runs out of memory or dies. The template's
author gets a `TemplateProblem` with `limit` set, naming the limit.

Each process that renders (a gunicorn worker, a Celery worker process, a management command) starts
its own pool lazily, at its first render: `RENDER_WORKERS` slots, each a worker started on first use
and kept. Threads check a worker out and back in (a queue), so at most `RENDER_WORKERS` renders run
at once per process and the rest wait their turn. Workers are plain subprocesses, not
`multiprocessing` children: they start the same way in a Celery pool process (a daemonic process,
which `multiprocessing` forbids to have children), get an environment without the server's
secrets, and import nothing of the parent's `__main__`. They end with their parent: killed at
exit, and on their own when their socket closes (a parent killed outright); a forked child forgets
its parent's pool and starts its own.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from templates_app.services.render_worker import (
    MAX_ANSWER_BYTES,
    receive_message,
    send_message,
)
from templates_app.services.sandbox import TemplateProblem

logger = logging.getLogger("templates_app.rendering")

_PROJECT_DIR = Path(__file__).resolve().parents[2]
_WORKER_MODULE = "templates_app.services.render_worker"
# Starting Python and importing Jinja2 takes a fraction of a second, more on a loaded machine.
_START_TIMEOUT_SECONDS = 60.0
# What a worker's Python needs from the environment; API keys and SECRET_KEY stay out of reach.
_ENVIRONMENT_KEYS = ("PATH", "LANG", "LC_ALL", "TMPDIR")


class _WorkerFailed(Exception):
    """A worker overran its deadline, died or answered nonsense while rendering the source at
    `index` of its request: it must be replaced."""

    def __init__(self, message: str, *, index: int) -> None:
        super().__init__(message)
        self.index = index


class SourceProblem(TemplateProblem):
    """The `TemplateProblem` of the source at `index` of a render (`RenderPool.render`)."""

    def __init__(self, message: str, *, limit: bool, index: int) -> None:
        super().__init__(message, limit=limit)
        self.index = index


def _worker_environment() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key in _ENVIRONMENT_KEYS or key.startswith("PYTHON")
    }


class _Worker:
    """One render worker process and the socket to it."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        parent_end, child_end = socket.socketpair()
        with child_end:
            self.process = subprocess.Popen(
                [sys.executable, "-m", _WORKER_MODULE, str(child_end.fileno()), str(memory_mb)],
                pass_fds=(child_end.fileno(),),
                cwd=_PROJECT_DIR,
                env=_worker_environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        self.channel = parent_end
        self.channel.settimeout(_START_TIMEOUT_SECONDS)
        try:
            ready = receive_message(self.channel, max_bytes=MAX_ANSWER_BYTES)
        except (OSError, ValueError) as error:
            self.stop()
            raise RuntimeError("A render worker did not start.") from error
        if ready != {"ready": True}:
            self.stop()
            raise RuntimeError("A render worker did not start (see its output above).")

    def alive(self) -> bool:
        return self.process.poll() is None

    def render(self, request: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
        """The worker's answers to `request`, one per source up to the first problem;
        `_WorkerFailed` naming the limit when one does not come."""
        answers: list[dict[str, Any]] = []
        self.channel.settimeout(timeout)
        try:
            send_message(self.channel, request)
            while len(answers) < len(request["sources"]):
                answer = receive_message(self.channel, max_bytes=MAX_ANSWER_BYTES)
                if answer is None:
                    raise _WorkerFailed(self._death_message(), index=len(answers))
                answers.append(answer)
                if "text" not in answer:
                    break
        except TimeoutError as error:
            raise _WorkerFailed(
                _("The template took longer than %(seconds)s s to render.")
                % {"seconds": f"{timeout:g}"},
                index=len(answers),
            ) from error
        except (OSError, ValueError) as error:  # ValueError: a malformed or oversized answer
            raise _WorkerFailed(self._death_message(), index=len(answers)) from error
        return answers

    def _death_message(self) -> str:
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            code = None
        if code == -signal.SIGXCPU:
            return _("The template used more CPU time than a render may use.")
        return _(
            "The template stopped its render process; it likely needs more memory than the "
            "%(limit)s MB a render may use."
        ) % {"limit": f"{self.memory_mb:,}"}

    def stop(self) -> None:
        self.channel.close()
        if self.alive():
            self.process.kill()
        self.process.wait()

    def forget(self) -> None:
        """In a forked child: let go of the parent's worker without touching it."""
        self.channel.close()


class RenderPool:
    """At most `size` workers, each checked out by one render at a time."""

    def __init__(self, *, size: int, memory_mb: int) -> None:
        if size < 1:  # no slot: every render would wait forever
            raise ValueError(f"RENDER_WORKERS must be at least 1, not {size}.")
        self.memory_mb = memory_mb
        # A slot holds None until its worker is first needed; last in, first out keeps the
        # workers already started (and their compiled templates) busy.
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _slot in range(size):
            self._idle.put(None)
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()

    def render(self, sources: list[str], context: dict[str, Any], *, timeout: float) -> list[str]:
        """Each of `sources` rendered with `context`, by one worker in one round trip, each
        within `timeout`; a `SourceProblem` naming the first that cannot be."""
        request = {"sources": sources, "context": context, "timeout": timeout}
        worker = self._idle.get()
        try:
            worker = self._running(worker)
            answers = worker.render(request, timeout)
            if answers[-1].get("ending"):  # it ran out of memory and ends itself
                self._replace(worker, answers[-1]["problem"])
                worker = None
        except _WorkerFailed as error:
            self._replace(worker, str(error))
            worker = None
            raise SourceProblem(str(error), limit=True, index=error.index) from error
        except BaseException:
            # Interrupted mid-request (a Celery time limit, a KeyboardInterrupt): the worker may
            # still answer later, to the next caller. It cannot be reused.
            self._discard(worker)
            worker = None
            raise
        finally:
            self._idle.put(worker)
        if "text" in answers[-1]:
            return [answer["text"] for answer in answers]
        last = answers[-1]
        raise SourceProblem(last["problem"], limit=last["limit"], index=len(answers) - 1)

    def _running(self, worker: _Worker | None) -> _Worker:
        if worker is not None and worker.alive():
            return worker
        if worker is not None:
            logger.warning(
                "render worker had ended; starting another",
                extra={"pid": worker.process.pid, "returncode": worker.process.returncode},
            )
            self._discard(worker)
        worker = _Worker(self.memory_mb)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker | None, reason: str) -> None:
        """Stop `worker` after a template hit a limit, or after it failed to start (None); the
        slot starts another when next used."""
        pid = worker.process.pid if worker is not None else None
        logger.warning("render worker replaced", extra={"pid": pid, "reason": reason})
        self._discard(worker)

    def _discard(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def close(self) -> None:
        """Stop every worker (at exit)."""
        with self._lock:
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()

    def forget(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.forget()


_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def _the_pool() -> RenderPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RenderPool(size=settings.RENDER_WORKERS, memory_mb=settings.RENDER_MEMORY_MB)
        return _pool


def render_in_worker(sources: list[str], context: dict[str, Any]) -> list[str]:
    """`sources` rendered with `context` by a worker of this process's pool, each within
    `RENDER_TIMEOUT_SECONDS` (`SourceProblem`)."""
    return _the_pool().render(sources, context, timeout=settings.RENDER_TIMEOUT_SECONDS)


def close_pool() -> None:
    """Stop this process's workers; the next render starts a new pool (with current settings)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def _forget_pool_after_fork() -> None:
    global _pool, _pool_lock
    _pool_lock = threading.Lock()  # another thread of the parent may have held it
    if _pool is not None:
        _pool.forget()
    _pool = None


atexit.register(close_pool)
os.register_at_fork(after_in_child=_forget_pool_after_fork)
