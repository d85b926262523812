"""Database connections held only while they are used."""

from __future__ import annotations

from django.db import connection


def release_pooled_connection() -> None:
    """Hand this thread's pooled database connection back before slow work that needs none (a
    provider call, hashing a password, the wait between two polls of a progress stream); the
    next query takes one again. Requests waiting on such
    work must not exhaust the pool. Not inside a transaction, which needs its connection; and
    only a pooled connection, since closing any other would mean reconnecting."""
    if getattr(connection, "pool", None) is not None and not connection.in_atomic_block:
        connection.close()
