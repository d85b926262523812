"""PostgreSQL and Redis servers of the chaos run's own, on free loopback ports.

The outage tests freeze, kill and restart them; doing that to the machine's shared servers would
break whatever else runs beside the run (another `make test`, a developer's server). Each is
started from the Debian binaries the machine has, in a temporary folder, and removed at the end.
PostgreSQL refuses to run as root, so under root its commands run as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import redis

from deploy.cluster import free_port
from tests.conftest import wait_until


def missing_binaries() -> list[str]:
    """What a chaos run needs from the machine and does not find."""
    missing = []
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("PostgreSQL server binaries (postgresql)")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx")
    return missing


class PrivatePostgres:
    """`initdb` into a temporary folder, `pg_ctl start/restart/stop` on a free port."""

    def __init__(self, *, max_connections: int = 100) -> None:
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.port = free_port()
        self.max_connections = max_connections
        self.folder = Path(tempfile.mkdtemp(prefix="aiagency-chaos-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self._user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self._user, "--"] if self._user else []
        subprocess.run([*prefix, *command], check=True, capture_output=True)

    def start(self) -> None:
        if self._user:
            account = pwd.getpwnam(self._user)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        if not self.data.exists():
            self._run(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8",
            )  # fmt: skip
        self._pg_ctl("start")
        wait_until(self.answers, seconds=30, what="the private PostgreSQL did not answer")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            f"-c max_connections={self.max_connections} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", *extra,
        )  # fmt: skip

    def restart(self) -> None:
        """A fast restart: every connection is cut, as when the server is restarted for an
        upgrade or fails over."""
        self._pg_ctl("restart", "-m", "fast")

    def answers(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=2) as connection:
                connection.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class PrivateRedis:
    """A `redis-server` keeping nothing on disk; it can be frozen, killed and started again on
    the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="aiagency-chaos-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.folder),
            "--logfile", str(self.folder / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=20, what="the private Redis did not answer")

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def freeze(self, seconds: float) -> None:
        """`CLIENT PAUSE ... ALL`: every client's commands hang until the pause ends, as on a
        server stuck in a long fork or a saturated host."""
        self.client().execute_command("CLIENT", "PAUSE", int(seconds * 1000), "ALL")

    def unfreeze(self) -> None:
        self.client().execute_command("CLIENT", "UNPAUSE")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def private_postgres(**options: int) -> Iterator[PrivatePostgres]:
    server = PrivatePostgres(**options)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.stop()
