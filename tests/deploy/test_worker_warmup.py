"""A gunicorn worker of the production server readies itself before its first request
(aiagency/warmup.py): each worker has started its render worker with nobody having asked for a
render, so that its first generation does not wait for one to start."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import requires_env
from tests.hardening.live_server import live_server

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL", "REDIS_URL")]

WORKERS = 2  # live_server's


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _renders(pid: int) -> bool:
    """Whether process `pid` has a render worker of its own (Linux)."""
    return any(
        b"render_worker" in Path(f"/proc/{child}/cmdline").read_bytes() for child in _children(pid)
    )


def test_each_worker_starts_its_render_worker_before_any_request() -> None:
    with live_server("worker_warmup_test") as running:
        workers = _children(running.pid)
        assert len(workers) == WORKERS
        # A worker accepts once its steps are done or after SERVER_WAIT_SECONDS (the rest goes on
        # in the background): wait for the state, on a busy machine too.
        deadline = time.monotonic() + 60
        while not all(_renders(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.1)

        assert all(_renders(worker) for worker in workers)
