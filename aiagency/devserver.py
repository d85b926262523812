"""`make run`'s one command: Django's development server and a Celery worker (with beat, for the
sweeps), started together and stopped together.

    python -m aiagency.devserver [ADDRESS:PORT] [--noreload]

Ctrl-C or SIGTERM stops both; when either one ends, the other is stopped too and the launcher
exits with the code of the one that ended first, so a worker that cannot start never leaves a web
server that silently queues work nobody runs. Each child runs in its own process group: what is
left of it once its leader has ended (the development server under the autoreloader, the worker's
pool processes) is killed with it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
# A worker finishing its tasks gets this long after SIGTERM before it is killed: work it leaves
# running comes back through the beat sweep or its lease (see generations/services).
STOP_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.5

logger = logging.getLogger("aiagency.devserver")


def commands(address: str, *, reload: bool) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", address, *([] if reload else ["--noreload"])],
        "worker": [python, "-m", "celery", "-A", "aiagency", "worker", "--beat", "-l", "INFO"],
    }


def start(name: str, command: list[str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    logger.info("%s started (pid %d): %s", name, process.pid, " ".join(command[1:]))
    return process


def stop(name: str, process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        # The leader only: a Celery worker stops its own pool once its tasks are done.
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop within %.0f s: killed", name, STOP_TIMEOUT_SECONDS)
    # Whatever is left of the group (the autoreloader's child, pool processes) goes too.
    _signal_group(process, signal.SIGKILL)
    process.wait()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has ended already
        os.killpg(process.pid, signum)


def supervise(processes: dict[str, subprocess.Popen[bytes]], stopping: threading.Event) -> int:
    """Wait until a signal asks to stop or a child ends; stop the others; the exit code."""
    code = 0
    while not stopping.wait(POLL_SECONDS):
        ended = {name: p.returncode for name, p in processes.items() if p.poll() is not None}
        if ended:
            name, code = next(iter(ended.items()))
            logger.error("%s exited with code %s: stopping the rest", name, code)
            code = code or 1
            break
    for name, process in processes.items():
        stop(name, process)
    logger.info("stopped")
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="ADDRESS:PORT")
    parser.add_argument("--noreload", action="store_true", help="no reload on code changes")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="devserver: %(message)s")

    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        logger.info("%s received: stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    # A development launcher: development settings, unless the environment says otherwise
    # (unset, DJANGO_DEBUG means production).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    processes = {
        name: start(name, command)
        for name, command in commands(options.address, reload=not options.noreload).items()
    }
    return supervise(processes, stopping)


if __name__ == "__main__":
    sys.exit(main())
