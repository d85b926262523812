"""Outgoing webhooks: hooks (created by admins, the secret shown once) and events.

An event is recorded once, with the deliveries to every active hook that wants its type, in the
transaction of what caused it; the deliveries are sent by Celery after that commits
(`content.tasks.deliver_webhook`, see `content.services.deliveries`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.errors import DomainError
from content.models import Webhook, WebhookDelivery, WebhookEvent
from content.services.deliveries import delivery_enqueue
from generations.outbound import BlockedAddress, UnresolvableHost, check_host


def check_webhook_url(url: str) -> None:
    """The provider base-URL rules: no private, loopback or link-local target unless the host is
    in `PROVIDER_BASE_URL_ALLOWED_HOSTS`, no credentials in the URL. Checked again on the resolved
    address at each delivery (`generations.outbound`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DomainError(_("A webhook URL starts with https:// (or http://)."), field="url")
    if parts.username is not None or parts.password is not None:
        raise DomainError(_("A webhook URL must not carry a user name or password."), field="url")
    try:
        check_host(parts.hostname or "", allowed_hosts=settings.PROVIDER_BASE_URL_ALLOWED_HOSTS)
    except (BlockedAddress, UnresolvableHost) as error:
        raise DomainError(str(error), field="url") from error


def webhook_create(*, workspace: Workspace, user: User | None, data: Mapping[str, Any]) -> Webhook:
    check_webhook_url(data["url"])
    return Webhook.objects.create(
        workspace=workspace, created_by=user, secret=secrets.token_hex(32), **data
    )


def webhook_update(*, webhook: Webhook, data: Mapping[str, Any]) -> Webhook:
    """Change url, events or active; switching a hook back on clears its failure count. Only
    the fields changed are written: deliveries count failures meanwhile, and may switch the
    hook off, which an edit of its address or events keeps."""
    if "url" in data:
        check_webhook_url(data["url"])
    changed = list(data)
    for key, value in data.items():
        setattr(webhook, key, value)
    if data.get("active"):
        webhook.consecutive_failures, webhook.disabled_reason = 0, ""
        changed += ["consecutive_failures", "disabled_reason"]
    if changed:
        webhook.save(update_fields=changed)
        webhook.refresh_from_db()  # as it is now, for the answer
    return webhook


def event_emit(*, workspace_id: int, type: str, data: dict[str, Any]) -> WebhookEvent | None:
    """Record the event and queue a delivery to each active hook that wants it; None (nothing
    recorded) when no hook does."""
    hooks = [
        hook
        for hook in Webhook.objects.filter(workspace_id=workspace_id, active=True)
        if type in hook.events
    ]
    if not hooks:
        return None
    event = WebhookEvent.objects.create(
        id=uuid.uuid4(), workspace_id=workspace_id, type=type, data=data, created_at=timezone.now()
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(webhook=hook, event=event) for hook in hooks]
    )
    for delivery in deliveries:
        delivery_enqueue(delivery.pk)
    return event
