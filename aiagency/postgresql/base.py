"""The PostgreSQL backend: Django's, counted by django-prometheus, taking connections from its
pool with a check that costs no round trip when it can, and starting the pool afresh when the
server has ended its connections.

psycopg_pool's own check (what Django installs with `CONN_HEALTH_CHECKS`) sends an empty query:
a round trip every time a request, or a run coming back from its provider, takes a connection.
And when a connection fails it, the pool waits before trying the next one, one second and then
twice as long each time: after a PostgreSQL restart, a process holding five idle connections
spent the pool's whole timeout finding them dead and answered 503.

Here a connection is checked as it leaves the pool. A server that ended it (a restart,
`pg_terminate_backend`, an idle timeout) has sent its last error message and closed the socket,
so the socket reads as ready; an idle, healthy connection has nothing to read. Only a connection
with something to read pays the round trip, which tells a dead one from one holding a stray
notice. A dead one means the others most likely died with it: the pool is drained (every idle
connection closed and replaced, those in use replaced when they come back) and the next
connection is a new one. A server that vanished without closing (a network partition) is found
by the query itself, as with the empty query.
"""

from __future__ import annotations

import select
from functools import cache
from typing import Any

import psycopg
from django_prometheus.db.backends.postgresql.base import (
    DatabaseWrapper as PrometheusDatabaseWrapper,
)
from django_prometheus.db.common import ExportingCursorWrapper
from psycopg_pool import ConnectionPool


def has_something_to_read(connection: psycopg.Connection) -> bool:
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


def is_alive(connection: psycopg.Connection) -> bool:
    """Whether `connection` can serve; without a round trip when it is idle and quiet."""
    if connection.closed or connection.broken:
        return False
    if not has_something_to_read(connection):
        return True
    try:
        ConnectionPool.check_connection(connection)
    except psycopg.Error:
        return False
    return True


@cache
def _counted_cursor_class(cursor_class: type, alias: str, vendor: str) -> type:
    """django-prometheus's cursor class that counts queries, made once per database."""
    return ExportingCursorWrapper(cursor_class, alias, vendor)


class DatabaseWrapper(PrometheusDatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        # django-prometheus wraps the cursor class in a class statement of its own at each call,
        # and Django calls this at each checkout from the pool, which does not even use it: 2.7 %
        # of a batch worker's CPU at 64 rows in flight (py-spy, benchmarks/batches.md). The
        # same wrapping, made once.
        params: dict[str, Any] = super(PrometheusDatabaseWrapper, self).get_connection_params()
        params["cursor_factory"] = _counted_cursor_class(
            params["cursor_factory"], self.alias, self.vendor
        )
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> psycopg.Connection:
        connection = super().get_new_connection(conn_params)
        if self.pool is None or is_alive(connection):
            return connection
        self.pool.putconn(connection)  # broken: the pool replaces it
        self.pool.drain()
        return super().get_new_connection(conn_params)
