"""Celery's Django fixup, with each worker process keeping its database pool between tasks.

Celery 5.7's fixup (`celery.fixups.django`) closes the database connections of a prefork pool
process at its start, since they were inherited from the parent, and before and after each
task. With Django's connection pool (PostgreSQL here, `aiagency/settings.py`) the second part
closes the whole pool, not the task's connection: every task then opens new connections and
prepares its statements again (celery/celery#10554, open). Measured with a prefork worker of 2
processes on this machine's PostgreSQL: 60 tasks that each read the database opened 180 sessions,
one pool of three per task (`benchmarks/worker_tasks.md`: none now, and a task's round trip 0.29
of before). Here a task hands its connections back to the pool, which stays;
the pool inherited from the parent is still closed at the process's start, as Celery does it.

Each pool process then readies itself (`aiagency/warmup.py`) once that is done. Run earlier,
from a `worker_process_init` receiver of its own, the warm-up's database read raced the fixup's
closing of the inherited pool: the step failed ("the pool is closed") at random starts.

The classes below override public hooks of Celery's fixup only: `on_worker_init` (a worker
starts), `on_worker_process_init` (a pool process starts) and `close_database` (at each task's
start and end). `tests/integration/test_prefork_worker.py` runs a real prefork worker and fails
if a Celery upgrade changes what they are called for.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.fixups.django import DjangoFixup, DjangoWorkerFixup
from django.db import connections


class PoolKeepingWorkerFixup(DjangoWorkerFixup):
    def close_database(self, **_: Any) -> None:
        """At each task's start and end: this thread's connections go back to the pool."""
        connections.close_all()

    def on_worker_process_init(self, **kwargs: Any) -> None:
        super().on_worker_process_init(**kwargs)  # the connections and pool inherited, closed
        from aiagency.warmup import warm_up

        # Without waiting: Celery gives a pool process 4 s to start (`worker_proc_alive_timeout`),
        # which importing SDKs on a busy machine could exceed.
        warm_up()


class PoolKeepingFixup(DjangoFixup):
    def on_worker_init(self, **kwargs: Any) -> None:
        # Made here, when a worker starts, as Celery makes its own: it reads the app's settings.
        self.worker_fixup = PoolKeepingWorkerFixup(self.app)
        super().on_worker_init(**kwargs)


def install(app: Celery) -> PoolKeepingFixup:
    """The fixup, for `Celery(fixups=[...])` in place of Celery's own."""
    return PoolKeepingFixup(app).install()
