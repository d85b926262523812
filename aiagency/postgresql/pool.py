"""Giving a pooled connection back while a thread waits on something else than the database."""

from __future__ import annotations

from django.db import connection


def release_pooled_connection() -> None:
    """Hand this thread's pooled database connection back while it waits (on a provider, or
    between two polls of a progress stream); the next query takes one again. Long waits must
    not exhaust the pool. Not inside a transaction, which needs its connection; and only a
    pooled connection, since closing any other would mean reconnecting."""
    if getattr(connection, "pool", None) is not None and not connection.in_atomic_block:
        connection.close()
