from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery, Task
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import translation

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")

# Celery's Django fixup, with each process keeping its database pool between tasks
# (aiagency/celery_django.py).
app = Celery("aiagency", fixups=["aiagency.celery_django:install"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="aiagency.ping", ignore_result=False)
def ping() -> str:
    """Round trip through the broker; readiness probes and integration tests use it."""
    return "pong"


logger = logging.getLogger("aiagency.celery")


# A task speaks the language of whoever sent it: the request's language (the user's saved one,
# else Accept-Language) travels in the message's headers, so what a worker writes for people
# (a generation's or a row's error, an evaluation check's reason) is in the language the
# dashboard is shown in. A task sent by the beat, or the periodic sweep, speaks LANGUAGE_CODE.
LANGUAGE_HEADER = "language"


@before_task_publish.connect
def carry_language(headers: dict[str, Any], **_: Any) -> None:
    headers.setdefault(LANGUAGE_HEADER, translation.get_language())


@task_prerun.connect
def speak_sender_language(task: Task, **_: Any) -> None:
    translation.activate(getattr(task.request, LANGUAGE_HEADER, None) or settings.LANGUAGE_CODE)


@task_postrun.connect
def stop_speaking(**_: Any) -> None:
    translation.deactivate()


# Options of a task that must survive its worker: the message is acknowledged only once the task
# ends, so a worker killed mid-task leaves it to another (which sees `redelivered`), and a
# database that blinks is retried with backoff.
CRASH_SAFE_TASK: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}


def send_after_commit(task: Task, *args: Any) -> None:
    """Send `task` once the current transaction has committed, so that the worker sees the rows
    it was given. If the broker cannot be reached the request still succeeds: what it recorded
    stays queued, and the periodic sweep sends it again once the broker is back.

    Any failure to publish is caught, not only a refused connection: the rows are committed by
    now, so an error answer would make a retrying client record the same work twice (a broker
    refusing the login or the vhost raises `amqp.exceptions.NotAllowed`, not a kombu error)."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception as error:
            logger.warning(
                "task not sent to the broker: the sweep will send it again later",
                extra={"task": task.name, "task_args": list(args), "error": repr(error)},
            )

    transaction.on_commit(send)
