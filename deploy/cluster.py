"""A production-shaped cluster on loopback: nginx balancing two API processes (gunicorn with
gthread workers), two Celery workers and one beat, on the PostgreSQL, Redis and RabbitMQ that
DATABASE_URL, REDIS_URL and CELERY_BROKER_URL name.

    make cluster                   (python -m deploy.cluster; Ctrl-C stops everything)

Every process is started through docker/entrypoint.sh, exactly as the containers start, each in
its own process group so that `kill()` takes a whole "pod" down (gunicorn's master and workers, a
Celery worker and its pool). The cluster keeps to itself on shared services: its own database
(`cluster_test` by default, created and migrated at start), its own Celery queue and its own
cache key prefix. tests/deploy/test_cluster.py drives it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")

NGINX_CONF = """\
# Written by deploy/cluster.py: the local stand-in for the load balancer (an Ingress in k8s).
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}

http {{
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {workdir}/nginx-tmp/body;
    proxy_temp_path {workdir}/nginx-tmp/proxy;
    fastcgi_temp_path {workdir}/nginx-tmp/fastcgi;
    uwsgi_temp_path {workdir}/nginx-tmp/uwsgi;
    scgi_temp_path {workdir}/nginx-tmp/scgi;

    upstream api {{
{servers}
        keepalive 16;
    }}

    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 20m;

        location / {{
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # $http_host keeps the port: the API builds absolute links (pagination) from it.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            proxy_connect_timeout 2s;
            proxy_read_timeout 300s;
            # A dead or restarting API process: try the other one. nginx does this for every
            # request it has not yet sent, and, once sent, only for idempotent methods (GET,
            # HEAD...); a POST that was sent gets the 502 and its client retries it with the
            # same Idempotency-Key, which the API answers with the first result. Not on 503:
            # that is the API's own answer (its database is away), the same from every process,
            # and counting it as a failure would mark every process down (502s for fail_timeout).
            proxy_next_upstream error timeout http_502 http_504;
            proxy_next_upstream_tries 3;
            proxy_next_upstream_timeout 10s;
            # Server-Sent Events pass through unbuffered: the API sends X-Accel-Buffering: no.
        }}
    }}
}}
"""


def free_port() -> int:
    """A loopback port nothing listens on now (the tests' and benchmarks' servers take theirs
    here too)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError(
            "nginx is not installed (make cluster installs it: apt-get install nginx)"
        )
    return found


@dataclass
class ClusterConfig:
    database_url: str
    redis_url: str
    broker_url: str
    database: str = "cluster_test"
    api_processes: int = 2
    api_workers: int = 2  # gunicorn workers per API process
    worker_processes: int = 2
    worker_concurrency: int = 2
    nginx_port: int = 0  # 0: a free port
    api_ports: list[int] = field(default_factory=list)
    queue: str = "aiagency-cluster"
    metrics_token: str = "local-cluster-metrics-token"
    fresh: bool = True  # drop and recreate the database
    collectstatic: bool = False
    environment: dict[str, str] = field(default_factory=dict)  # extra variables for every process
    workdir: Path | None = None

    @classmethod
    def from_environment(cls, **overrides: object) -> ClusterConfig:
        missing = [name for name in SERVICE_VARIABLES if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"set {', '.join(missing)} (PostgreSQL, Redis, RabbitMQ)")
        return cls(
            database_url=os.environ["DATABASE_URL"],
            redis_url=os.environ["REDIS_URL"],
            broker_url=os.environ["CELERY_BROKER_URL"],
            # Each a field of the config, of its type (the dataclass refuses any other name).
            **overrides,  # type: ignore[arg-type]
        )


class Cluster:
    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.workdir = config.workdir or Path(tempfile.mkdtemp(prefix="aiagency-cluster-"))
        # nginx's workers run as an unprivileged user when started by root: they must reach it.
        self.workdir.chmod(0o755)
        self.api_ports = config.api_ports or [free_port() for _ in range(config.api_processes)]
        self.nginx_port = config.nginx_port or free_port()
        self.worker_metrics_ports = [free_port() for _ in range(config.worker_processes)]
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    # --- addresses ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The load balancer."""
        return f"http://127.0.0.1:{self.nginx_port}"

    def api_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.api_ports[index]}"

    def worker_metrics_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.worker_metrics_ports[index]}/metrics"

    @property
    def database_url(self) -> str:
        return with_database(self.config.database_url, self.config.database)

    # --- environment ---------------------------------------------------------------------------
    def environment(self, **extra: str) -> dict[str, str]:
        bin_dir = str(Path(sys.executable).parent)
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "DJANGO_SETTINGS_MODULE": "aiagency.settings",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "local-cluster-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",  # no TLS on loopback
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.config.redis_url,
            "CACHE_KEY_PREFIX": f"aiagency-{self.config.queue}",
            "CELERY_BROKER_URL": self.config.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.config.queue,
            "METRICS_TOKEN": self.config.metrics_token,
            "TRUSTED_PROXIES": "127.0.0.1",  # nginx, in front of every API process
            "PYTHONUNBUFFERED": "1",
            **self.config.environment,
            **extra,
        }
        env.pop("PYTEST_CURRENT_TEST", None)
        return env

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self, *, timeout: float = 60.0) -> None:
        try:
            self.prepare_database()
            self.migrate()
            for index in range(len(self.api_ports)):
                self.start_api(index)
            for index in range(self.config.worker_processes):
                self.start_worker(index)
            self.start_beat()
            self.start_nginx()
            self.wait_ready(timeout=timeout)
        except BaseException:
            self.stop()
            raise

    def prepare_database(self) -> None:
        import psycopg

        name = self.config.database
        if name == urlsplit(self.config.database_url).path.lstrip("/"):
            raise RuntimeError(f"the cluster needs a database of its own, not {name!r}")
        admin_url = with_database(self.config.database_url, "postgres")
        with psycopg.connect(admin_url, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists and self.config.fresh:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')

    def migrate(self) -> None:
        """The migration Job: `docker/entrypoint.sh migrate` (and collectstatic, as the image
        build does, when asked)."""
        env = self.environment()
        log = self._log("migrate")
        subprocess.run(
            [str(ENTRYPOINT), "migrate"], cwd=ROOT, env=env, stdout=log, stderr=log, check=True
        )
        if self.config.collectstatic:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput"],
                cwd=ROOT, env=env, stdout=log, stderr=log, check=True,
            )  # fmt: skip

    def start_api(self, index: int) -> subprocess.Popen[bytes]:
        return self._spawn(
            f"api-{index + 1}",
            ["api"],
            GUNICORN_BIND=f"127.0.0.1:{self.api_ports[index]}",
            GUNICORN_WORKERS=str(self.config.api_workers),
            GUNICORN_GRACEFUL_TIMEOUT="5",
            PROMETHEUS_MULTIPROC_DIR=str(self.workdir / f"metrics-api-{index + 1}"),
        )

    def start_worker(self, index: int) -> subprocess.Popen[bytes]:
        return self._spawn(
            f"worker-{index + 1}",
            ["worker"],
            CELERY_HOSTNAME=self.worker_hostname(index),
            CELERY_CONCURRENCY=str(self.config.worker_concurrency),
            CELERY_METRICS_PORT=str(self.worker_metrics_ports[index]),
            CELERY_METRICS_ADDR="127.0.0.1",
            PROMETHEUS_MULTIPROC_DIR=str(self.workdir / f"metrics-worker-{index + 1}"),
        )

    def worker_hostname(self, index: int) -> str:
        return f"{self.config.queue}-worker-{index + 1}@{socket.gethostname()}"

    def start_beat(self) -> subprocess.Popen[bytes]:
        return self._spawn(
            "beat", ["beat"], CELERY_BEAT_SCHEDULE_FILE=str(self.workdir / "celerybeat-schedule")
        )

    def start_nginx(self) -> subprocess.Popen[bytes]:
        for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.workdir / "nginx-tmp" / part).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
            for port in self.api_ports
        )
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workdir=self.workdir, servers=servers, port=self.nginx_port)
        )
        command = [nginx_binary(), "-p", str(self.workdir), "-c", str(conf)]
        command += ["-e", str(self.workdir / "nginx-error.log"), "-g", "daemon off;"]
        subprocess.run([*command[:-2], "-t"], check=True, capture_output=True)
        return self._spawn_command("nginx", command)

    def _spawn(self, name: str, args: list[str], **extra: str) -> subprocess.Popen[bytes]:
        return self._spawn_command(name, [str(ENTRYPOINT), *args], env=self.environment(**extra))

    def _spawn_command(
        self, name: str, command: list[str], *, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = self._log(name)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: kill() takes all of it
        )
        self.processes[name] = process
        return process

    def _log(self, name: str) -> BinaryIO:
        return (self.workdir / f"{name}.log").open("ab")

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- readiness -----------------------------------------------------------------------------
    def wait_ready(self, *, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        urls = [f"{self.api_url(i)}/readyz" for i in range(len(self.api_ports))]
        urls.append(f"{self.url}/readyz")
        for url in urls:
            while not _answers_ok(url):
                self._check_alive()
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} not ready after {timeout:.0f}s")
                time.sleep(0.2)
        expected = {self.worker_hostname(i) for i in range(self.config.worker_processes)}
        while not expected <= self.ping_workers():
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"workers {sorted(expected)} did not answer a ping")
            time.sleep(0.2)

    def ping_workers(self, timeout: float = 1.0) -> set[str]:
        """Hostnames of this cluster's workers that answer a broadcast ping on the broker."""
        from celery import Celery

        app = Celery(broker=self.config.broker_url)
        try:
            replies = app.control.ping(timeout=timeout)
        finally:
            app.close()
        return {name for reply in replies for name in reply}

    def active_tasks(self, index: int, timeout: float = 1.0) -> list[dict]:
        """The tasks worker `index` is running now (a remote-control call on the broker)."""
        from celery import Celery

        app = Celery(broker=self.config.broker_url)
        hostname = self.worker_hostname(index)
        try:
            replies = app.control.inspect([hostname], timeout=timeout).active() or {}
        finally:
            app.close()
        return replies.get(hostname, [])

    def _check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {process.returncode}:\n{self.log_tail(name)}"
                )

    # --- failure and shutdown ------------------------------------------------------------------
    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Take a process down with its whole group, as a node or a pod would go."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _answers_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx port (default 8080)")
    parser.add_argument("--api-ports", type=int, nargs=2, default=[8001, 8002])
    parser.add_argument("--database", default="cluster_test")
    parser.add_argument("--keep-data", action="store_true", help="do not recreate the database")
    args = parser.parse_args(argv)
    try:
        config = ClusterConfig.from_environment(
            nginx_port=args.port,
            api_ports=args.api_ports,
            database=args.database,
            fresh=not args.keep_data,
            collectstatic=True,
        )
    except RuntimeError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 2
    cluster = Cluster(config)
    print(f"cluster: starting in {cluster.workdir} (logs there)")
    cluster.start()
    apis = ", ".join(str(port) for port in cluster.api_ports)
    print(f"cluster: ready at {cluster.url}: API processes on {apis},")
    print(f"cluster: {config.worker_processes} workers and beat on queue {config.queue!r}.")
    print("cluster: Ctrl-C stops everything.")
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stopping:
            for name, process in cluster.processes.items():
                if process.poll() is not None:
                    print(f"cluster: {name} exited ({process.returncode}); stopping")
                    stopping = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("cluster: stopping")
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
