"""A fresh process runs the apps' warm-up steps before its first request (aiagency/warmup.py)."""

from __future__ import annotations

import logging
import runpy
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from celery.fixups.django import DjangoWorkerFixup

from aiagency import warmup
from aiagency.celery import app
from aiagency.celery_django import PoolKeepingWorkerFixup
from generations.services.credentials import import_adapters_in_use
from templates_app.services.rendering import start_rendering

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], None]]:
    """An empty registry for the test's own steps; the apps' are put back after."""
    registry: dict[str, Callable[[], None]] = {}
    monkeypatch.setattr(warmup, "_steps", registry)
    return registry


def test_the_apps_register_their_steps() -> None:
    assert import_adapters_in_use in warmup._steps.values()
    assert start_rendering in warmup._steps.values()


def test_steps_run_once_each_in_the_order_registered(steps) -> None:
    ran: list[str] = []

    def first() -> None:
        ran.append("first")

    def second() -> None:
        ran.append("second")

    for step in (first, second, first):
        warmup.register(step)
    warmup.warm_up(wait=60).join(60)

    assert ran == ["first", "second"]


def test_a_failing_step_is_logged_and_the_others_still_run(steps, caplog) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("the database is down")

    def next_one() -> None:
        ran.append("next")

    warmup.register(broken)
    warmup.register(next_one)
    with caplog.at_level(logging.INFO, logger="aiagency.warmup"):
        warmup.warm_up(wait=60).join(60)

    assert ran == ["next"]
    failure = next(r for r in caplog.records if r.levelno == logging.WARNING)
    assert failure.step.endswith("broken")
    assert "the database is down" in failure.exc_text
    assert caplog.records[-1].getMessage() == "process warmed up"


def test_a_slow_step_goes_on_in_the_background_past_the_wait(steps, caplog) -> None:
    release = threading.Event()
    warmup.register(release.wait)
    with caplog.at_level(logging.INFO, logger="aiagency.warmup"):
        thread = warmup.warm_up(wait=0.01)
        assert thread.is_alive()  # returned without waiting for the step
        release.set()
        thread.join(60)

    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["warm-up goes on in the background", "process warmed up"]


def test_a_gunicorn_worker_warms_up_before_it_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(warmup, "warm_up", lambda *, wait: waits.append(wait))
    config = runpy.run_path(str(ROOT / "aiagency" / "gunicorn.conf.py"))

    config["post_worker_init"](object())

    assert waits == [warmup.SERVER_WAIT_SECONDS]


def test_a_celery_pool_process_warms_up_once_its_inherited_connections_are_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[object] = []
    monkeypatch.setattr(
        DjangoWorkerFixup,
        "on_worker_process_init",
        lambda self, **_: events.append("inherited connections closed"),
    )
    monkeypatch.setattr(warmup, "warm_up", lambda **options: events.append(options))

    PoolKeepingWorkerFixup(app).on_worker_process_init()

    # Without waiting ({}): Celery gives a pool process 4 s to start.
    assert events == ["inherited connections closed", {}]
