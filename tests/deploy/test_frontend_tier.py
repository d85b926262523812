"""The frontend tier's nginx (docker/nginx/frontend.conf.template), run for real on loopback with
the config rendered as the image renders it, before a stand-in API that records what it gets:
the dashboard's caching, client-side routes, the API's paths, event streams, and access log
lines that the Elasticsearch index template maps."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from deploy import validate
from deploy.cluster import free_port, nginx_binary
from tests.deploy.test_log_mapping import mapping_problems

INDEX_HTML = b"<!doctype html><title>AI Agency</title>"
ASSET = "/assets/index-3f2a9c1b.js"


@dataclass
class StandInApi:
    """Answers every request with its path; records each request's headers. Its event stream
    sends one event, then waits for `release` before the second."""

    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                api.requests.append((self.path, dict(self.headers)))
                if self.path.endswith("/stream/"):
                    self._stream()
                    return
                body = json.dumps({"path": self.path}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self) -> None:
                # No X-Accel-Buffering here: the location alone must keep nginx from buffering.
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"event: start\ndata: {}\n\n")
                self.wfile.flush()
                api.release.wait(timeout=60)
                self.wfile.write(b"event: done\ndata: {}\n\n")
                self.close_connection = True

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer()

        return Handler


@dataclass
class FrontendTier:
    port: int
    api: StandInApi
    access_log: Path

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(
            method, path, body=b"" if method == "POST" else None, headers=headers or {}
        )
        response = connection.getresponse()
        return response, response.read()

    def log_lines_once(self, *paths: str) -> list[dict[str, Any]]:
        """The access log once it has a line for each of `paths`: nginx writes a line after it
        has answered, so the answer can arrive first."""
        deadline = time.monotonic() + 30
        while True:
            text = self.access_log.read_text() if self.access_log.exists() else ""
            lines = [json.loads(line) for line in text.splitlines()]
            if set(paths) <= {line["path"] for line in lines}:
                return lines
            assert time.monotonic() < deadline, f"no access log line for {paths} within 30 s"
            time.sleep(0.05)


def wait_until_serving(port: int, nginx: subprocess.Popen[bytes], error_log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert nginx.poll() is None, error_log.read_text()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/_frontend/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "nginx did not answer within 60 s"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def frontend() -> Iterator[FrontendTier]:
    api = StandInApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), api.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # nginx's workers run as an unprivileged user when started by root: they must read it all.
    workdir = Path(tempfile.mkdtemp(prefix="aiagency-frontend-"))
    workdir.chmod(0o755)
    root = workdir / "html"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_bytes(INDEX_HTML)
    (root / ASSET.lstrip("/")).write_text("console.log('dashboard');")
    for path in (root, root / "assets"):
        os.chmod(path, 0o755)
    port = free_port()
    config = validate.write_frontend_nginx(
        workdir, api_upstream=f"127.0.0.1:{server.server_port}", port=port, root=root
    )
    nginx = subprocess.Popen(
        [nginx_binary(), "-e", str(workdir / "error.log"), "-p", str(workdir), "-c", str(config),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_serving(port, nginx, workdir / "error.log")
        yield FrontendTier(port=port, api=api, access_log=workdir / "access.log")
    finally:
        api.release.set()
        nginx.terminate()
        nginx.wait(timeout=30)
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)


def test_hashed_assets_are_cached_for_a_year_and_index_html_is_revalidated(frontend) -> None:
    response, body = frontend.request("GET", ASSET)
    assert response.status == 200 and body == b"console.log('dashboard');"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"

    for path in ("/", "/index.html"):
        response, body = frontend.request("GET", path)
        assert (response.status, body) == (200, INDEX_HTML), path
        assert response.getheader("Cache-Control") == "no-cache", path


def test_client_routes_get_the_dashboard_and_missing_assets_a_404(frontend) -> None:
    response, body = frontend.request("GET", "/templates/42/versions")
    assert (response.status, body) == (200, INDEX_HTML)
    assert response.getheader("Cache-Control") == "no-cache"

    response, _ = frontend.request("GET", "/assets/index-00000000.js")
    assert response.status == 404


@pytest.mark.parametrize(
    "path", ["/api/templates/", "/admin/login/", "/static/admin/base.css", "/healthz", "/readyz"]
)
def test_the_apis_paths_reach_the_api_with_the_request_id(frontend, path: str) -> None:
    response, body = frontend.request(
        "GET", path, headers={"X-Request-ID": "front-1", "Host": "aiagency.test:8443"}
    )
    assert response.status == 200
    assert json.loads(body) == {"path": path}
    received_path, headers = frontend.api.requests[-1]
    assert received_path == path
    assert headers["X-Request-ID"] == "front-1"
    assert headers["X-Forwarded-Proto"] == "http"
    # With its port: Django compares the Origin of an admin form's POST with it.
    assert headers["Host"] == "aiagency.test:8443"


def test_an_event_stream_passes_each_event_through_at_once(frontend) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", frontend.port, timeout=30)
    connection.request("POST", "/api/generations/stream/", body=b"{}")
    response = connection.getresponse()
    assert response.status == 200
    # The stand-in API holds the second event back until the first has arrived here: a
    # buffering proxy would hold the first one too, and this read would time out.
    first = b""
    while b"\n\n" not in first:
        chunk = response.read1(1024)
        assert chunk, "the stream ended before its first event"
        first += chunk
    assert first == b"event: start\ndata: {}\n\n"
    frontend.api.release.set()
    assert response.read() == b"event: done\ndata: {}\n\n"


def test_the_access_log_is_in_the_apps_shape_and_mapped(frontend) -> None:
    frontend.request("GET", "/api/batches/", headers={"X-Request-ID": "log-1"})
    frontend.request("GET", "/assets/missing-1.js")

    lines = frontend.log_lines_once("/api/batches/", "/assets/missing-1.js")
    by_request_id = {line["request_id"]: line for line in lines}
    assert by_request_id["log-1"]["path"] == "/api/batches/"
    assert by_request_id["log-1"]["status_code"] == 200
    assert by_request_id["log-1"]["logger"] == "nginx.access"
    missing = next(line for line in lines if line["path"] == "/assets/missing-1.js")
    assert (missing["status_code"], missing["level"]) == (404, "WARNING")
    assert all(isinstance(line["request_time"], float | int) for line in lines)
    assert mapping_problems(lines) == []
