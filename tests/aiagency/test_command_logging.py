"""Command-line tools with a progress bar: at a terminal their log lines are readable and go above
the bar; in a pipe, or when asked (`LOG_FORMAT=json`), they are JSON lines. The terminal is a real
pseudo-terminal, since the whole point is what a person sees in one."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from aiagency.logging import ReadableFormatter, log_format

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4
READABLE_LINE = re.compile(r"^\d\d:\d\d:\d\d (INFO|WARNING|ERROR)")
TEMPLATE = """---
name: Post
variables:
  - name: topic
---
Write about {{ topic }}.
"""
SETUP = """
from accounts.models import User
from accounts.services import workspace_create
workspace_create(user=User.objects.create_user(email="ops@example.com"), name="Ops", slug="ops")
"""


@pytest.fixture(scope="module")
def command_environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh SQLite database with a workspace `ops` holding the template `post`."""
    folder = tmp_path_factory.mktemp("command-logging")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DATABASE_", "REDIS_", "LOG_", "DJANGO_SETTINGS"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        EMBEDDED_BROKER_DIR=str(folder / "broker"),
        LOG_LEVEL="INFO",
    )
    (folder / "post.md").write_text(TEMPLATE)
    (folder / "rows.csv").write_text("topic\n" + "".join(f"topic {n}\n" for n in range(ROWS)))
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["shell", "-c", SETUP],
        ["import_templates", str(folder / "post.md"), "--workspace", "ops"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    environment["ROWS_FILE"] = str(folder / "rows.csv")
    return environment


def run_batch_command(environment: dict[str, str]) -> list[str]:
    return [
        sys.executable,
        "manage.py",
        "run_batch",
        "post",
        environment["ROWS_FILE"],
        "--workspace",
        "ops",
        "--provider",
        "local",
        "--no-cache",
    ]


def in_terminal(command: list[str], environment: dict[str, str]) -> str:
    """What the command writes to a terminal (stdout and stderr both), once it has ended."""
    controller, terminal = pty.openpty()
    # 24 rows of 120 columns: a new pseudo-terminal has no size, in which tqdm draws nothing.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    output = bytearray()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        readable, _, _ = select.select([controller], [], [], 1.0)
        if readable:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: every process writing to it has ended
                break
            if not chunk:
                break
            output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0, output.decode(errors="replace")
    return output.decode(errors="replace")


def shown_lines(output: str) -> list[str]:
    """The lines a terminal ends up showing: on each, what was written after its last `\\r`."""
    return [line.rsplit("\r", 1)[-1] for line in output.replace("\r\n", "\n").split("\n")]


def event_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if "generation finished" in line]


def test_at_a_terminal_logs_are_readable_lines_above_the_bar(command_environment) -> None:
    output = in_terminal(run_batch_command(command_environment), command_environment)

    lines = shown_lines(output)
    events = event_lines(lines)
    assert len(events) == ROWS, output
    # Each event on a line of its own, starting with its time: never glued to the bar.
    assert all(READABLE_LINE.match(line) for line in events), events
    assert all("generation_id=" in line for line in events)
    assert not any(line.lstrip().startswith("{") for line in lines)
    assert f"{ROWS}/{ROWS}" in output  # the bar was drawn, and reached the end


def test_at_a_terminal_json_when_asked(command_environment) -> None:
    environment = {**command_environment, "LOG_FORMAT": "json"}

    output = in_terminal(run_batch_command(environment), environment)

    events = event_lines(shown_lines(output))
    assert len(events) == ROWS, output
    assert all(json.loads(line)["message"] == "generation finished" for line in events)


@pytest.mark.parametrize(("log_format_setting", "as_json"), [("", True), ("text", False)])
def test_in_a_pipe_json_lines_unless_text_is_asked(
    command_environment, log_format_setting: str, as_json: bool
) -> None:
    environment = {**command_environment, "LOG_FORMAT": log_format_setting}

    result = subprocess.run(
        run_batch_command(environment),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    events = event_lines(result.stderr.splitlines())
    assert len(events) == ROWS, result.stderr
    if as_json:
        assert all(json.loads(line)["generation_id"] for line in events)
    else:
        assert all(READABLE_LINE.match(line) for line in events)
    assert "%|" not in result.stderr  # no bar in a pipe


def test_a_readable_line_carries_the_events_own_fields() -> None:
    record = logging.makeLogRecord(
        {
            "name": "generations",
            "levelname": "INFO",
            "levelno": logging.INFO,
            "msg": "generation finished",
            "generation_id": 7,
            "status": "succeeded",
            "request_id": "-",
            "user_id": None,
        }
    )

    line = ReadableFormatter().format(record)

    assert re.match(r"^\d\d:\d\d:\d\d INFO    generations: generation finished", line)
    assert line.endswith(" generation_id=7 status=succeeded")


def test_the_format_follows_the_setting_else_the_terminal(settings, monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    settings.LOG_FORMAT = ""
    assert log_format() == "text"
    settings.LOG_FORMAT = "json"
    assert log_format() == "json"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    settings.LOG_FORMAT = ""
    assert log_format() == "json"
