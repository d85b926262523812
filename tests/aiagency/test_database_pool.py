"""The PostgreSQL pool's check: no round trip for a quiet connection, and a connection the server
ended is never handed out."""

from __future__ import annotations

import os
import select
import time

import psycopg
import pytest
from django.db import connection
from psycopg_pool import ConnectionPool

from accounts.models import User
from aiagency.postgresql.base import check_pooled_connection
from tests.conftest import requires_env

pytestmark = requires_env("DATABASE_URL")


def terminate(backend_pid: int) -> None:
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def wait_readable(client: psycopg.Connection) -> None:
    select.select([client.fileno()], [], [], 5)


@pytest.fixture
def client():
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as client:
        yield client


@pytest.fixture
def round_trips(monkeypatch) -> list[psycopg.Connection]:
    checked: list[psycopg.Connection] = []
    full_check = ConnectionPool.check_connection

    def counted(conn: psycopg.Connection) -> None:
        checked.append(conn)
        full_check(conn)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(counted))
    return checked


def test_a_quiet_connection_passes_without_a_round_trip(client, round_trips) -> None:
    check_pooled_connection(client)
    assert round_trips == []


def test_a_connection_the_server_ended_fails_the_check(client, round_trips) -> None:
    terminate(client.info.backend_pid)
    wait_readable(client)
    with pytest.raises(psycopg.OperationalError):
        check_pooled_connection(client)
    assert round_trips == [client]


def test_a_connection_holding_a_notification_passes_after_a_round_trip(client, round_trips) -> None:
    client.execute("LISTEN pool_check")
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as other:
        other.execute("NOTIFY pool_check")
    wait_readable(client)
    check_pooled_connection(client)
    assert round_trips == [client]


@pytest.mark.django_db(transaction=True)
def test_queries_succeed_after_the_server_ended_every_pooled_connection() -> None:
    assert connection.pool is not None, "PostgreSQL connections are pooled"
    # A pool of its own: threads of earlier tests may have left connections checked out.
    connection.close()
    connection.close_pool()
    User.objects.count()
    connection.close()  # back to the pool
    terminate_every_session(connection.settings_dict["NAME"])
    assert User.objects.count() >= 0


def terminate_every_session(database: str) -> None:
    """As a restart does: every other session ends, and is gone before the next query."""
    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}", [database])
        for _ in range(100):
            if admin.execute(f"SELECT count(*) {others}", [database]).fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("sessions still there 5 s after being terminated")
