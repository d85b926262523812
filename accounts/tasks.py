"""Celery tasks: thin wrappers around services.

E-mails are sent by a worker, not in the request: an SMTP round trip would make a password reset
for a known address slower than for an unknown one, which tells the addresses apart. The tasks take
ids and make the link themselves, so that no secret travels through the broker or its logs.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from accounts.invitations import invitation_email_send
from accounts.models import OutgoingEmail
from accounts.outbox import Sender, email_send, emails_sweep
from accounts.passwords import password_reset_email_send

SMTP_RETRIES = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}

SENDERS: dict[str, Sender] = {
    OutgoingEmail.Kind.PASSWORD_RESET: lambda user_id: password_reset_email_send(user_id=user_id),
    OutgoingEmail.Kind.INVITATION: lambda pk: invitation_email_send(invitation_id=pk),
}


@shared_task(name="accounts.send_email", **SMTP_RETRIES)
def send_email(outgoing_id: int) -> None:
    email_send(outgoing_id=outgoing_id, senders=SENDERS)


@shared_task(name="accounts.resend_unsent_emails")
def resend_unsent_emails() -> list[int]:
    return emails_sweep()
