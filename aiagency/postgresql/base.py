"""The PostgreSQL backend: Django's, counted by django-prometheus, its pool checking a connection
before handing it out without a round trip when it can.

psycopg_pool's own check (what Django installs with `CONN_HEALTH_CHECKS`) sends an empty query:
a round trip every time a request, or a run coming back from its provider, takes a connection.
A server that ended a connection (a restart, `pg_terminate_backend`, an idle timeout) has sent
its last error message and closed the socket, so the socket reads as ready; an idle, healthy
connection has nothing to read. So only a connection with something to read pays the round
trip, which tells a dead one (discarded, and the pool hands out another) from one holding a stray
notice. A server that vanished without closing (a network partition) is found by the query
itself, as with the empty query.
"""

from __future__ import annotations

import select

import psycopg
from django_prometheus.db.backends.postgresql.base import (
    DatabaseWrapper as PrometheusDatabaseWrapper,
)
from psycopg_pool import ConnectionPool


def has_something_to_read(connection: psycopg.Connection) -> bool:
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


def check_pooled_connection(connection: psycopg.Connection) -> None:
    """Raise if `connection` is unusable; without a round trip when it is idle and quiet."""
    if connection.closed or connection.broken:
        raise psycopg.OperationalError("the connection is closed")
    if has_something_to_read(connection):
        ConnectionPool.check_connection(connection)


class DatabaseWrapper(PrometheusDatabaseWrapper):
    @property
    def pool(self) -> ConnectionPool | None:
        pool = super().pool
        if pool is not None:
            # Django builds the pool with its own check (or none) and offers no way to name
            # another; the pool calls whatever `_check` holds when it hands a connection out.
            pool._check = check_pooled_connection
        return pool
