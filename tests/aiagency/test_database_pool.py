"""PostgreSQL connections taken from the pool: checked without a round trip when quiet, and a
restart of the server costs no wait (the pool starts afresh at the first dead connection)."""

from __future__ import annotations

import os
import re
import select

import psycopg
import pytest
from django.db import connection
from psycopg_pool import ConnectionPool

from accounts.models import User
from aiagency.postgresql.base import is_alive
from tests.conftest import requires_env, wait_until

pytestmark = requires_env("DATABASE_URL")


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


def test_a_quiet_connection_is_alive_without_a_round_trip(client, round_trips) -> None:
    assert is_alive(client)
    assert round_trips == []


def test_a_connection_the_server_ended_is_dead(client, round_trips) -> None:
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [client.info.backend_pid])
    wait_readable(client)

    assert not is_alive(client)
    assert round_trips == [client]


def test_a_connection_holding_a_notification_is_alive_after_a_round_trip(
    client, round_trips
) -> None:
    client.execute("LISTEN pool_check")
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as other:
        other.execute("NOTIFY pool_check")
    wait_readable(client)

    assert is_alive(client)
    assert round_trips == [client]


@pytest.mark.django_db(transaction=True)
def test_after_a_restart_the_first_query_gets_a_new_connection_at_once(monkeypatch) -> None:
    """Six idle connections all dead: psycopg_pool alone would try them one after the other,
    waiting 1, 2, 4, 8... seconds in between, far beyond this pool's 2 s timeout."""
    monkeypatch.setitem(
        connection.settings_dict["OPTIONS"], "pool", {"min_size": 6, "max_size": 10, "timeout": 2}
    )
    connection.close()
    connection.close_pool()  # the next query opens a pool with these options
    User.objects.count()
    connection.close()
    wait_until(lambda: connection.pool.get_stats()["pool_available"] >= 6)

    end_every_session(connection.settings_dict["NAME"])

    assert User.objects.count() >= 0
    connection.close()
    connection.close_pool()  # the next test's pool has the usual options


def end_every_session(database: str) -> None:
    """As a restart does: every other session ends, and is gone before the next query."""
    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}", [database])
        remaining = f"SELECT count(*) {others}"
        wait_until(lambda: admin.execute(remaining, [database]).fetchone()[0] == 0)


@pytest.mark.django_db
def test_a_query_run_often_on_a_connection_is_prepared_by_the_server() -> None:
    for _ in range(6):
        User.objects.filter(email="someone@example.com").exists()

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]

    by_email = re.compile(r'"accounts_user"\."email" = \$\d')  # a parameter, not the address
    assert any(by_email.search(statement) for statement in prepared), prepared
