"""E-mails through an outbox: the request records an `OutgoingEmail` in its own transaction and a
worker sends it after the commit. A broker that refuses the task or a worker that dies mid-send
leaves the row unsent, and the periodic sweep sends it again: an e-mail is sent at least once
(twice only if a worker dies between the SMTP answer and recording it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import OutgoingEmail
from aiagency.celery import send_after_commit

logger = logging.getLogger(__name__)

Sender = Callable[[int], None]


def email_enqueue(*, kind: str, object_id: int, language: str) -> OutgoingEmail:
    """Record the e-mail, to be written in `language`, in the caller's transaction; the worker is
    asked once it commits."""
    from accounts.tasks import send_email  # tasks import services: import at call time

    outgoing = OutgoingEmail.objects.create(kind=kind, object_id=object_id, language=language)
    send_after_commit(send_email, outgoing.pk)
    return outgoing


def email_send(*, outgoing_id: int, senders: dict[str, Sender]) -> None:
    """Send one recorded e-mail unless it was sent or another worker is sending it."""
    if not _claim(outgoing_id):
        return
    outgoing = OutgoingEmail.objects.get(pk=outgoing_id)
    try:
        # The sender renders the e-mail in the active language: the one chosen when it was asked.
        with translation.override(outgoing.language or settings.LANGUAGE_CODE):
            senders[outgoing.kind](outgoing.object_id)
    except Exception:
        # Let the task's retry (or the sweep) claim it again at once.
        OutgoingEmail.objects.filter(pk=outgoing_id).update(claimed_at=None)
        raise
    OutgoingEmail.objects.filter(pk=outgoing_id).update(sent_at=timezone.now())


def _claim(outgoing_id: int) -> bool:
    now = timezone.now()
    abandoned = now - timedelta(seconds=settings.EMAIL_STALE_AFTER_SECONDS)
    return bool(
        OutgoingEmail.objects.filter(pk=outgoing_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=abandoned))
        .update(claimed_at=now)
    )


def unsent_emails() -> list[int]:
    """E-mails left unsent for longer than a send takes, from the last day (older links have
    expired or soon will: those stay listed as unsent in the admin)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.EMAIL_STALE_AFTER_SECONDS)
    return list(
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=stale, created_at__gte=now - timedelta(days=1)
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .values_list("pk", flat=True)
    )


def emails_sweep() -> list[int]:
    """Ask a worker again for every e-mail left unsent; the ids asked for."""
    from accounts.tasks import send_email  # tasks import services: import at call time

    ids = unsent_emails()
    for outgoing_id in ids:
        send_email.delay(outgoing_id)
    if ids:
        logger.warning(
            "unsent e-mails sent again by the sweep",
            extra={"task": send_email.name, "task_args": ids},
        )
    return ids
