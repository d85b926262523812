"""E-mails go through an outbox: asked for while the broker is down (or lost with a dead
worker), they are sent by the sweep once it is back; sent once, and never by two workers."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import kombu.exceptions
import pytest
from django.utils import timezone

from accounts import outbox, tasks
from accounts.models import OutgoingEmail, Role
from tests.accounts.conftest import link_in
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise kombu.exceptions.OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.send_email, "delay", refuse)


def later(settings) -> None:
    """Move every unsent e-mail past the time a send takes."""
    past = timezone.now() - timedelta(seconds=settings.EMAIL_STALE_AFTER_SECONDS + 1)
    OutgoingEmail.objects.update(created_at=past)


def test_a_reset_asked_while_the_broker_is_down_is_sent_by_the_sweep(
    api_client, deliver, mailoutbox, monkeypatch, settings, broker_down
) -> None:
    UserFactory(email="ada@example.com")
    with deliver():
        response = api_client.post("/api/auth/password-reset/", {"email": "ada@example.com"})

    assert response.status_code == 202
    assert mailoutbox == []
    assert outbox.emails_sweep() == []  # not yet: a send may still be on its way

    monkeypatch.undo()  # the broker is back
    later(settings)
    [outgoing] = outbox.emails_sweep()

    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert OutgoingEmail.objects.get(pk=outgoing).sent_at is not None
    assert outbox.emails_sweep() == []


def test_an_invitation_sent_by_the_sweep_carries_a_working_link(
    workspace, member, deliver, mailoutbox, monkeypatch, settings, broker_down
) -> None:
    admin = client_for(member(Role.ADMIN))
    with deliver():
        admin.post(
            f"/api/workspaces/{workspace.pk}/invitations/",
            {"email": "new@example.com", "role": Role.EDITOR},
        )
    monkeypatch.undo()
    later(settings)
    outbox.emails_sweep()

    token = link_in(mailoutbox[-1]).rsplit("/invite/", 1)[1]
    answer = client_for(UserFactory(email="new@example.com")).post(
        f"/api/invitations/{token}/accept/"
    )
    assert answer.status_code == 200, answer.json()


def test_a_failed_send_is_released_for_the_retry_and_then_sent_once(settings) -> None:
    outgoing = OutgoingEmail.objects.create(kind=OutgoingEmail.Kind.PASSWORD_RESET, object_id=1)
    sent: list[int] = []

    def disconnected(object_id: int) -> None:
        raise SMTPServerDisconnected("the SMTP server hung up")

    with pytest.raises(SMTPServerDisconnected):
        outbox.email_send(outgoing_id=outgoing.pk, senders={outgoing.kind: disconnected})
    outgoing.refresh_from_db()
    assert (outgoing.claimed_at, outgoing.sent_at) == (None, None)

    for _ in range(2):
        outbox.email_send(outgoing_id=outgoing.pk, senders={outgoing.kind: sent.append})
    assert sent == [1]


def test_an_e_mail_another_worker_is_sending_is_left_to_it(settings) -> None:
    outgoing = OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.PASSWORD_RESET, object_id=1, claimed_at=timezone.now()
    )
    sent: list[int] = []

    outbox.email_send(outgoing_id=outgoing.pk, senders={outgoing.kind: sent.append})

    assert sent == []


def test_an_e_mail_whose_worker_died_mid_send_is_swept_again(settings) -> None:
    abandoned = timezone.now() - timedelta(seconds=settings.EMAIL_STALE_AFTER_SECONDS + 1)
    outgoing = OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.PASSWORD_RESET,
        object_id=1,
        created_at=abandoned,
        claimed_at=abandoned,
    )
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.PASSWORD_RESET,
        object_id=2,
        created_at=timezone.now() - timedelta(days=2),
    )

    assert outbox.unsent_emails() == [outgoing.pk]  # a two-day-old link would have expired
