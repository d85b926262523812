"""The embedded broker (no CELERY_BROKER_URL): kombu's filesystem transport, made safe for a
publisher and a worker that run at the same time.

kombu's own transport creates a message's file under its final name and then writes it, and its
reader takes any file with that name, without the writer's lock: a worker polling in between read
an empty or half-written message, and the JSON error stopped it for good ("Unrecoverable error:
JSONDecodeError", kombu issue #1551), taking `make run`'s web server down with it
(aiagency/devserver.py). Here a message is written in a staging folder and renamed into the
queue's folder once complete, and a reader claims a file by renaming it into a folder of its own,
so that two readers never share one; both renames stay within the broker's folder, where they are
atomic. A file that still does not decode (left by an older version, or written by hand) or cannot
be read is moved aside to the unreadable folder and logged as an error, and the worker goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError, ConnectionError
from kombu.transport import filesystem
from kombu.utils.json import dumps, loads
from kombu.utils.objects import cached_property

logger = logging.getLogger(__name__)

FOLDERS = ("messages", "control", "staging", "claimed", "unreadable")


def transport_options(root: Path) -> dict[str, str]:
    """The transport's folders under `root` (created here: kombu expects them to exist)."""
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    return {
        # One folder both ways: every process sends to and reads from the same queue files.
        "data_folder_in": str(root / "messages"),
        "data_folder_out": str(root / "messages"),
        "control_folder": str(root / "control"),
        "staging_folder": str(root / "staging"),
        "claimed_folder": str(root / "claimed"),
        "unreadable_folder": str(root / "unreadable"),
    }


class Channel(filesystem.Channel):
    @cached_property
    def staging_folder(self) -> str:
        return self.transport_options["staging_folder"]

    @cached_property
    def claimed_folder(self) -> str:
        return self.transport_options["claimed_folder"]

    @cached_property
    def unreadable_folder(self) -> str:
        return self.transport_options["unreadable_folder"]

    # kombu's two base classes name the second argument differently (message, payload).
    def _put(self, queue: str, payload: dict, **kwargs: object) -> None:  # type: ignore[override]
        """Write the message where no reader looks, then rename it into the queue whole."""
        # kombu's naming: the sort order is the delivery order, the suffix names the queue.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        staged = os.path.join(self.staging_folder, name)
        try:
            with open(staged, "wb") as file:
                file.write(dumps(payload).encode())
            os.replace(staged, os.path.join(self.data_folder_out, name))
        except OSError as error:
            with contextlib.suppress(OSError):  # a disk full leaves no half message behind
                os.remove(staged)
            raise ChannelError(f"Cannot add {name!r} to the queue's folder") from error

    def _get(self, queue: str, timeout: float | None = None) -> dict:
        """The oldest message of `queue` that decodes; kombu's `Empty` when there is none."""
        suffix = f"{queue}.msg"
        try:
            for name in sorted(os.listdir(self.data_folder_in)):
                if name.partition(".")[2] == suffix and (message := self._take(name)) is not None:
                    return message
        except OSError as error:
            # As a broker that does not answer: the worker says so and reconnects, where any
            # other error (a channel error included, by Celery's default) would stop it.
            raise ConnectionError(f"Cannot read the embedded broker's folder: {error}") from error
        raise Empty()

    def _take(self, name: str) -> dict | None:
        """The message in `name`, claimed and removed; None if another reader claimed it first
        or it cannot be read or decoded (then it is set aside)."""
        claimed = os.path.join(self.claimed_folder, name)
        try:
            os.rename(os.path.join(self.data_folder_in, name), claimed)
        except FileNotFoundError:
            return None
        try:
            with open(claimed, "rb") as file:
                raw = file.read()
        except OSError as error:
            self._set_aside(name, claimed, reason=f"cannot be read: {error}")
            return None
        try:
            message = loads(raw.decode())
        except ValueError:  # JSONDecodeError, UnicodeDecodeError
            self._set_aside(name, claimed, reason=f"does not decode ({len(raw)} bytes)")
            return None
        os.remove(claimed)
        return message

    def _set_aside(self, name: str, claimed: str, *, reason: str) -> None:
        kept = os.path.join(self.unreadable_folder, name)
        os.replace(claimed, kept)
        logger.error(
            "an unreadable message on the embedded broker was set aside, not run",
            extra={"file": kept, "reason": reason},
        )


class Transport(filesystem.Transport):
    Channel = Channel
