"""Sending a webhook delivery: signed, through the SSRF guard, redirects not followed.

Body `{id, type, created_at, workspace, data}`; header
`X-AIAgency-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" with the hook's secret>`. A
delivery is tried until a 2xx answers or `RETRY_FOR` has passed since the event, with exponential
backoff between attempts; each attempt's outcome overwrites the last one's. Every failed attempt
counts towards the hook's consecutive failures: at `DISABLE_AFTER` the hook is switched off and
says why. A task that finds its delivery already succeeded (a redelivered message) returns.

A pending delivery records when its next attempt is due (`next_attempt_at`); the beat's sweep
sends again those overdue by `WEBHOOK_STALE_AFTER_SECONDS`, whose message a killed worker or a
broker lost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

import httpx2
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from aiagency.celery import send_after_commit
from content.models import Webhook, WebhookDelivery
from generations.outbound import BlockedAddress, UnresolvableHost, client_options

logger = logging.getLogger("aiagency.webhooks")

SIGNATURE_HEADER = "X-AIAgency-Signature"
RETRY_FOR = timedelta(hours=24)
DISABLE_AFTER = 50
TIMEOUT_SECONDS = 10.0
FIRST_DELAY_SECONDS = 30
LONGEST_DELAY_SECONDS = 3600
# Enough retries for `RETRY_FOR` at the delays of `retry_delay` (30 s doubling, then hourly).
MAX_RETRIES = 30
# Overdue deliveries one sweep sends at most.
SWEEP_LIMIT = 500


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def payload(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    document = {
        "id": str(event.id),
        "type": event.type,
        "created_at": event.created_at.isoformat(),
        "workspace": event.workspace_id,
        "data": event.data,
    }
    return json.dumps(document, separators=(",", ":"), default=str).encode()


def retry_delay(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 30 s doubling, at most an hour."""
    return min(FIRST_DELAY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_DELAY_SECONDS)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """The status code (None when no answer came) and an error ("" on a 2xx)."""
    body = payload(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "AIAgency-Webhooks",
        SIGNATURE_HEADER: signature(
            secret=delivery.webhook.secret, timestamp=int(time.time()), body=body
        ),
    }
    options = client_options(allowed_hosts=settings.PROVIDER_BASE_URL_ALLOWED_HOSTS)
    try:
        with httpx2.Client(timeout=TIMEOUT_SECONDS, **options) as client:
            response = client.post(delivery.webhook.url, content=body, headers=headers)
    except (BlockedAddress, UnresolvableHost) as error:
        return None, str(error)
    except httpx2.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    if 300 <= response.status_code < 400:
        return response.status_code, "Redirects are not followed: point the hook at the target."
    return response.status_code, f"HTTP {response.status_code}"


def _count_failure(webhook: Webhook, error: str) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    switched_off = Webhook.objects.filter(
        pk=webhook.pk, active=True, consecutive_failures__gte=DISABLE_AFTER
    ).update(
        active=False,
        disabled_reason=f"Switched off after {DISABLE_AFTER} failed deliveries in a row; "
        f"the last: {error}",
    )
    if switched_off:
        logger.warning("webhook switched off", extra={"webhook": webhook.pk, "error": error})


def delivery_attempt(*, delivery_id: int, last: bool = False) -> int | None:
    """Send the delivery once; the seconds to wait before trying again, or None when done
    (delivered, gone, its hook switched off, or given up: `last`, or `RETRY_FOR` passed)."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook", "event")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return None
    if not delivery.webhook.active:
        pending = WebhookDelivery.objects.filter(pk=delivery.pk, status=delivery.status)
        pending.update(status=WebhookDelivery.Status.FAILED, error="The hook is switched off.")
        return None
    started = time.monotonic()
    status_code, error = _post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.status_code, delivery.error, delivery.last_attempt_at = status_code, error, now
    delivery.latency_ms = round((time.monotonic() - started) * 1000)
    if not error:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.SUCCEEDED, now
        Webhook.objects.filter(pk=delivery.webhook_id).update(consecutive_failures=0)
    else:
        _count_failure(delivery.webhook, error)
        if last or now - delivery.event.created_at >= RETRY_FOR:
            delivery.status = WebhookDelivery.Status.FAILED
    delay = retry_delay(delivery.attempts) if delivery.status == "pending" else None
    if delay is not None:
        delivery.next_attempt_at = now + timedelta(seconds=delay)
    recorded = _record_attempt(delivery)
    logger.info(
        "webhook delivery attempt",
        extra={
            "delivery": delivery.pk,
            "attempt": delivery.attempts,
            "status_code": status_code,
            "error": error,
        },
    )
    return delay if recorded else None


# What an attempt records (`attempts` aside, counted in the database).
_OUTCOME = (
    "status",
    "status_code",
    "error",
    "last_attempt_at",
    "latency_ms",
    "delivered_at",
    "next_attempt_at",
)


def _record_attempt(delivery: WebhookDelivery) -> bool:
    """Count the attempt and record its outcome, if the delivery is still pending; False when
    another attempt ended it meanwhile (two tasks sending it at once: a message sent again by
    the sweep or an admin while the first was still sending), whose outcome stands: recorded
    over a success, a failure would have sent it again for `RETRY_FOR`."""
    rows = WebhookDelivery.objects.filter(pk=delivery.pk)
    counted = {"attempts": F("attempts") + 1}
    outcome = {name: getattr(delivery, name) for name in _OUTCOME}
    if rows.filter(status=WebhookDelivery.Status.PENDING).update(**counted, **outcome):
        return True
    rows.update(**counted)
    return False


def delivery_enqueue(delivery_id: int) -> None:
    """Send the delivery from a task once the current transaction commits."""
    from content.tasks import deliver_webhook  # the tasks module imports this one

    send_after_commit(deliver_webhook, delivery_id)


def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (its event id unchanged, so the receiver can tell)."""
    delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.PENDING, timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    delivery_enqueue(delivery.pk)
    return delivery


def deliveries_requeue_stale(*, limit: int = SWEEP_LIMIT) -> list[int]:
    """The beat's sweep: send again the pending deliveries whose next attempt is overdue by
    `WEBHOOK_STALE_AFTER_SECONDS`, the most overdue first, at most `limit` (the rest wait for
    the next sweep). Each is claimed by a conditional update that moves its due time to now, so
    two sweeps at once send it once, and a requeued message lost again is found again one stale
    period later. Returns the ids sent."""
    now = timezone.now()
    overdue = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lt=now - timedelta(seconds=settings.WEBHOOK_STALE_AFTER_SECONDS),
    )
    requeued = []
    for pk in overdue.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if overdue.filter(pk=pk).update(next_attempt_at=now):
            delivery_enqueue(pk)
            requeued.append(pk)
    if requeued:
        logger.warning(
            "stale webhook deliveries sent again",
            extra={"deliveries": requeued, "limit_reached": len(requeued) == limit},
        )
    return requeued
