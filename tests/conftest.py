"""Shared fixtures: users with a role in a workspace, and API clients authenticated as them."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import override_settings
from psycopg import sql
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import ratelimit
from accounts.models import Role, User, Workspace
from accounts.recent_callers import forget_all as forget_recent_callers
from aiagency import cache as aiagency_cache
from aiagency.cache import RedisHealth
from aiagency.celery import app as celery_app
from generations.services.catalogue import forget_catalogue
from generations.services.circuit import forget_circuits
from generations.services.credentials import forget_stored_credentials
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.hardening.live_server import admin_url


# Answers in Portuguese need the compiled catalogues (built, not committed): `make test` builds
# them first; a bare `pytest` run has the same rule build them when a .po is newer than its .mo.
def pytest_configure(config: pytest.Config) -> None:
    subprocess.run(["make", "--silent", "messages"], cwd=django_settings.BASE_DIR, check=True)


# The chaos runs (tests/chaos/) break servers for minutes: only `make chaos` and `make soak` do.
collect_ignore = [] if os.environ.get("CHAOS") else ["chaos"]


def wait_until(
    condition: Callable[[], bool], *, seconds: float = 60, what: str = "the condition was not met"
) -> None:
    """Wait for a state another thread or process reaches (polled), failing with `what` after
    `seconds`: a bound generous enough for a loaded machine, only so that a broken test does not
    hang."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {seconds:.0f} s"
        time.sleep(0.05)


def requires_env(*names: str) -> pytest.MarkDecorator:
    """Skip, saying why, unless every named service variable is set (as `.ci/run` does)."""
    missing = [name for name in names if not os.environ.get(name)]
    return pytest.mark.skipif(
        bool(missing), reason=f"needs a real service: set {', '.join(missing)} (.ci/run does)"
    )


# --- two test runs side by side share PostgreSQL, Redis and RabbitMQ: each keeps to its own -------

RUN = f"run{os.getpid()}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    """The test database is this run's own (pytest-django would name it `test_<name>` for all)."""
    for database in django_settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            _drop_databases_of_finished_runs(f"test_{database['NAME']}_run")
            database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{RUN}"


def _drop_databases_of_finished_runs(prefix: str) -> None:
    """A run that was killed, or whose teardown met a connection still open, leaves its database
    behind: drop those whose process is gone, so that they do not pile up."""
    url = admin_url(os.environ["DATABASE_URL"], "postgres")
    with psycopg.connect(url, autocommit=True) as connection:
        names = connection.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
        ).fetchall()
        for (name,) in names:
            pid = name.removeprefix(prefix)
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.fixture(scope="session", autouse=True)
def _own_cache_keys() -> Iterator[None]:
    """This run's cache keys, in this process and in the workers and servers it starts, carry a
    prefix of their own: another run's rate-limit counters or cached results are not ours."""
    prefix = f"{os.environ.get('CACHE_KEY_PREFIX', 'aiagency')}-{RUN}"
    own = {
        name: {**options, "KEY_PREFIX": prefix} for name, options in django_settings.CACHES.items()
    }
    previous = os.environ.get("CACHE_KEY_PREFIX")
    os.environ["CACHE_KEY_PREFIX"] = prefix
    with override_settings(CACHES=own):
        yield
    if previous is None:
        del os.environ["CACHE_KEY_PREFIX"]
    else:
        os.environ["CACHE_KEY_PREFIX"] = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # The production hasher is deliberately slow; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run in-process, even when CI configures a broker; only integration tests, which
    start their own worker, use the broker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Rate-limit counters, cached results, the catalogue, circuit states, kept credentials and
    # callers must not leak from one test into the next (SQLite hands out a rolled-back id again).
    cache.clear()
    forget_recent_callers()
    forget_catalogue()
    forget_circuits()
    forget_stored_credentials()


@pytest.fixture
def one_rate_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limits' clock pinned mid-window: a test's requests straddling a minute boundary
    would be counted in two fixed windows (`accounts.ratelimit`)."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"  # port 1: refused at once


@pytest.fixture
def redis_unreachable(settings, monkeypatch: pytest.MonkeyPatch) -> RedisHealth:
    """The cache is a Redis that refuses every connection; the process's view of Redis starts
    afresh (it is reachable until found otherwise), and so does its in-memory fallback."""
    settings.CACHES = {
        "default": {
            "BACKEND": "aiagency.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE_REDIS_URL,
        }
    }
    health = RedisHealth()
    monkeypatch.setattr(aiagency_cache, "redis_health", health)
    caches["default"].local.clear()
    return health


@pytest.fixture
def workspace(db: None) -> Workspace:
    return WorkspaceFactory()


@pytest.fixture
def other_workspace(db: None) -> Workspace:
    return WorkspaceFactory()


@pytest.fixture
def member(workspace: Workspace) -> Callable[[str], User]:
    """`member("editor")` makes a user with that role in `workspace`."""

    def make(role: str = Role.EDITOR) -> User:
        return MembershipFactory(workspace=workspace, role=role).user

    return make


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def client_as(member: Callable[[str], User]) -> Callable[[str], APIClient]:
    """`client_as("viewer")` is an API client for a new viewer of `workspace`."""

    def make(role: str = Role.EDITOR) -> APIClient:
        return client_for(member(role))

    return make


@pytest.fixture
def outsider_client(db: None) -> APIClient:
    """A client for a user who belongs to another workspace only."""
    return client_for(MembershipFactory(role=Role.OWNER).user)


@pytest.fixture
def user(db: None) -> User:
    return UserFactory()
