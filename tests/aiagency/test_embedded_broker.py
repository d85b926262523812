"""The embedded broker (aiagency/embedded_broker.py): a message is read whole or not at all while
its sender is still writing, two readers never share one, and a file that does not decode is set
aside with an error in the log instead of stopping the worker."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from queue import Empty

import pytest
from kombu import Connection, Queue
from kombu.exceptions import ChannelError, ConnectionError
from kombu.simple import SimpleQueue

from aiagency import embedded_broker

BODY = "x" * 4 * 1024 * 1024  # long enough that writing one takes a while


def _connection(root: Path) -> Connection:
    return Connection(
        "filesystem://localhost//",
        transport=embedded_broker.Transport,
        transport_options=embedded_broker.transport_options(root),
    )


def _queue(connection: Connection) -> SimpleQueue:
    return connection.SimpleQueue(Queue("tasks", routing_key="tasks"))


def _send(root: Path, count: int) -> None:
    with _connection(root) as connection, _queue(connection) as queue:
        for number in range(count):
            queue.put({"number": number, "body": BODY})


def _receive(root: Path, until: threading.Event, into: list[int]) -> None:
    """Read messages into `into` until `until` is set and the queue is empty."""
    with _connection(root) as connection, _queue(connection) as queue:
        while True:
            last_look = until.is_set()  # set before this look: nothing comes after it
            try:
                message = queue.get_nowait()
            except Empty:
                if last_look:
                    return
                continue
            assert message.payload["body"] == BODY
            into.append(message.payload["number"])
            message.ack()


def test_a_reader_polling_while_messages_are_written_gets_each_whole_once(tmp_path: Path) -> None:
    sent = threading.Event()
    readers = [[], []]
    threads = [
        threading.Thread(target=_receive, args=(tmp_path, sent, numbers)) for numbers in readers
    ]
    for thread in threads:
        thread.start()

    _send(tmp_path, 30)
    sent.set()
    for thread in threads:
        thread.join()

    assert sorted(readers[0] + readers[1]) == list(range(30))


def test_a_message_that_does_not_decode_is_set_aside_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    options = embedded_broker.transport_options(tmp_path)
    # What kombu's own transport left behind when a reader came before the writer had written.
    (Path(options["data_folder_in"]) / "0_half-written.tasks.msg").write_bytes(b'{"body": "x')
    _send(tmp_path, 1)

    with _connection(tmp_path) as connection, _queue(connection) as queue:
        message = queue.get(timeout=5)

    assert message.payload["number"] == 0
    assert (Path(options["unreadable_folder"]) / "0_half-written.tasks.msg").read_bytes() == (
        b'{"body": "x'
    )
    [record] = [r for r in caplog.records if r.name == "aiagency.embedded_broker"]
    assert record.levelno == logging.ERROR
    assert record.file.endswith("0_half-written.tasks.msg")


def test_a_message_that_cannot_be_read_is_set_aside_and_the_next_one_comes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    options = embedded_broker.transport_options(tmp_path)
    (Path(options["data_folder_in"]) / "0_not-a-file.tasks.msg").mkdir()  # reading it fails
    _send(tmp_path, 1)

    with _connection(tmp_path) as connection, _queue(connection) as queue:
        message = queue.get(timeout=5)

    assert message.payload["number"] == 0
    assert (Path(options["unreadable_folder"]) / "0_not-a-file.tasks.msg").is_dir()
    assert not list(Path(options["claimed_folder"]).iterdir())
    [record] = [r for r in caplog.records if r.name == "aiagency.embedded_broker"]
    assert record.levelno == logging.ERROR
    assert "cannot be read" in record.reason


def test_a_folder_that_cannot_be_read_is_a_lost_connection_not_an_error_that_stops_the_worker(
    tmp_path: Path,
) -> None:
    _send(tmp_path, 1)
    messages = Path(embedded_broker.transport_options(tmp_path)["data_folder_in"])

    with _connection(tmp_path) as connection, _queue(connection) as queue:
        messages.rename(tmp_path / "elsewhere")
        # Celery's worker reconnects on a connection error, and stops on anything else.
        with pytest.raises(ConnectionError, match="embedded broker's folder"):
            queue.get_nowait()
        (tmp_path / "elsewhere").rename(messages)
        assert queue.get_nowait().payload["number"] == 0


def test_a_message_that_cannot_be_added_is_an_error_and_leaves_nothing_behind(
    tmp_path: Path,
) -> None:
    options = embedded_broker.transport_options(tmp_path)

    with _connection(tmp_path) as connection, _queue(connection) as queue:
        Path(options["data_folder_out"]).rmdir()
        with pytest.raises(ChannelError, match="Cannot add"):
            queue.put({"number": 0})
    assert not list(Path(options["staging_folder"]).iterdir())
