"""Celery tasks: thin wrappers around services.

E-mails are sent by a worker, not in the request: an SMTP round trip would make a password reset
for a known address slower than for an unknown one, which tells the addresses apart. The tasks take
ids and make the link themselves, so that no secret travels through the broker or its logs.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from accounts.invitations import invitation_email_send
from accounts.passwords import password_reset_email_send

SMTP_RETRIES = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="accounts.send_password_reset", **SMTP_RETRIES)
def send_password_reset(user_id: int, language: str = settings.LANGUAGE_CODE) -> None:
    # `language` defaults for messages queued before it existed.
    password_reset_email_send(user_id=user_id, language=language)


@shared_task(name="accounts.send_invitation", **SMTP_RETRIES)
def send_invitation(invitation_id: int) -> None:
    invitation_email_send(invitation_id=invitation_id)
