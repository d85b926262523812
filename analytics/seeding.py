"""Realistic generations for demos and the analytics benchmark (`manage.py seed_generations`).

The spread: a few of the catalogue's models, with Zipf-like popularity; ~95% succeeded, ~4%
failed, ~1% cancelled; ~10% of successes answered from the cache (fast, free); ~3% answered by a
fallback; lognormal latencies and token counts; costs from the catalogue's prices; a rating on ~15%
of successes; creation times spread over the last `days` days, busier in working hours.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Role, User, Workspace
from generations.models import Generation, GenerationRating, ModelPrice
from generations.services.catalogue import catalogue_load
from templates_app.models import Template, TemplateVersion
from templates_app.services.content import content_clean
from templates_app.services.versions import version_build

MILLION = Decimal(1_000_000)
COST_QUANTUM = Decimal("0.000001")
TOPICS = ["pricing", "onboarding", "security", "roadmap", "hiring", "support", "launch"]
SEED_TEMPLATES = [
    ("Blog post", "Write a blog post about {{ topic }}."),
    ("Product description", "Describe {{ topic }} for our product page."),
    ("Newsletter", "Draft this month's newsletter about {{ topic }}."),
    ("Tweet thread", "Write a thread of five tweets about {{ topic }}."),
    ("FAQ answer", "Answer the frequently asked question about {{ topic }}."),
]
MAX_MODELS = 6


@dataclass(frozen=True)
class Route:
    provider: str
    model: str
    input_price: Decimal
    output_price: Decimal
    median_latency_ms: float


def _routes(rng: random.Random) -> list[Route]:
    if not ModelPrice.objects.filter(is_active=True).exists():
        catalogue_load()
    prices = list(ModelPrice.objects.filter(is_active=True).exclude(provider="local"))
    prices = prices or list(ModelPrice.objects.filter(is_active=True))
    rng.shuffle(prices)
    return [
        Route(
            p.provider,
            p.model,
            p.input_price_per_mtok,
            p.output_price_per_mtok,
            rng.uniform(600, 3000),
        )
        for p in prices[:MAX_MODELS]
    ]


def _users(workspace: Workspace) -> list[User]:
    users = [m.user for m in Membership.objects.filter(workspace=workspace).select_related("user")]
    if users:
        return users
    for number in range(1, 5):
        user, _ = User.objects.get_or_create(email=f"seed-{workspace.slug}-{number}@example.com")
        Membership.objects.get_or_create(
            user=user, workspace=workspace, defaults={"role": Role.EDITOR}
        )
        users.append(user)
    return users


def _versions(workspace: Workspace) -> list[TemplateVersion]:
    versions = [
        template.current
        for template in Template.objects.filter(
            workspace=workspace, current_version__isnull=False
        ).select_related("current_version")
    ]
    if versions:
        return versions
    for name, body in SEED_TEMPLATES:
        template = Template.objects.create(
            workspace=workspace, name=name, slug=name.lower().replace(" ", "-")
        )
        content, _warnings = content_clean(body=body, variables=[{"name": "topic"}])
        version = version_build(
            template=template, number=1, content=content, user=None, changelog="Seeded."
        )
        version.save()
        template.current_version = version
        template.save(update_fields=["current_version"])
        versions.append(version)
    return versions


def _created_at(rng: random.Random, now: datetime, days: int) -> datetime:
    # Twice as many generations in (UTC) working hours as at night.
    while True:
        moment = now - timedelta(seconds=rng.uniform(0, days * 86400))
        if 8 <= moment.hour < 19 or rng.random() < 0.5:
            return moment


def _one(
    rng: random.Random,
    *,
    workspace: Workspace,
    users: list[User],
    versions: list[TemplateVersion],
    routes: list[Route],
    weights: list[float],
    now: datetime,
    days: int,
) -> dict[str, Any]:
    route = rng.choices(routes, weights)[0]
    version = rng.choice(versions)
    topic = rng.choice(TOPICS)
    created = _created_at(rng, now, days)
    chain = [[route.provider, route.model]]
    attempts: list[dict[str, Any]] = []
    roll = rng.random()
    status = (
        Generation.Status.SUCCEEDED
        if roll < 0.95
        else Generation.Status.FAILED
        if roll < 0.99
        else Generation.Status.CANCELLED
    )
    fields: dict[str, Any] = {
        "workspace_id": workspace.pk,
        "user_id": rng.choice(users).pk,
        "template_version_id": version.pk,
        "variables": {"topic": topic},
        "rendered_prompt": version.body.replace("{{ topic }}", topic),
        "system_prompt": version.system_prompt,
        "provider": route.provider,
        "model": route.model,
        "params": {},
        "mode": Generation.Mode.SYNC,
        "status": status,
        "created_at": created,
        "started_at": created,
    }
    if status == Generation.Status.SUCCEEDED:
        cache_hit = rng.random() < 0.10
        if not cache_hit and len(routes) > 1 and rng.random() < 0.03:
            first = rng.choice([r for r in routes if r != route])
            chain.insert(0, [first.provider, first.model])
            attempts.append(
                {
                    "provider": first.provider,
                    "model": first.model,
                    "error": "503 Service Unavailable",
                    "latency_ms": 900,
                }
            )
        latency = round(
            rng.uniform(3, 30)
            if cache_hit
            else rng.lognormvariate(0, 0.6) * route.median_latency_ms
        )
        input_tokens = max(20, round(rng.lognormvariate(6.0, 0.5)))
        output_tokens = max(10, round(rng.lognormvariate(5.7, 0.7)))
        cost = (
            Decimal(0)
            if cache_hit
            else (
                (route.input_price * input_tokens + route.output_price * output_tokens) / MILLION
            ).quantize(COST_QUANTUM)
        )
        fields.update(
            output=f"A short piece about {topic}.",
            finish_reason="stop",
            cache_hit=cache_hit,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost=cost,
            latency_ms=latency,
        )
    elif status == Generation.Status.FAILED:
        latency = round(rng.lognormvariate(0, 0.8) * 1500)
        attempts.append(
            {
                "provider": route.provider,
                "model": route.model,
                "error": "429 Too Many Requests",
                "latency_ms": latency,
            }
        )
        fields.update(error="All providers failed.", finish_reason="error", latency_ms=latency)
    else:
        latency = round(rng.uniform(50, 2000))
        fields.update(latency_ms=latency)
    fields.update(
        provider_chain=chain,
        attempts=attempts,
        finished_at=created + timedelta(milliseconds=latency),
    )
    return fields


def _rows(count: int, **context: Any) -> Iterator[dict[str, Any]]:
    rng: random.Random = context.pop("rng")
    routes = context["routes"]
    weights = [1 / (rank + 1) for rank in range(len(routes))]
    for _ in range(count):
        yield _one(rng, weights=weights, **context)


def _copy(rows: Iterator[dict[str, Any]]) -> None:
    """PostgreSQL's COPY: an order of magnitude faster than INSERTs for a million rows."""
    fields = [f for f in Generation._meta.concrete_fields if not f.primary_key]
    # A concrete field's column is set (the stubs allow None, for a field not yet on a model).
    quoted = [connection.ops.quote_name(f.column) for f in fields]  # type: ignore[arg-type]
    columns = ", ".join(quoted)
    defaults = {f.attname: f.get_default() for f in fields}
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {Generation._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = {**defaults, **row}
            copy.write_row(
                [
                    json.dumps(values[f.attname]) if f.attname in json_fields else values[f.attname]
                    for f in fields
                ]
            )


def _bulk_create(rows: Iterator[dict[str, Any]], batch: int = 5000) -> None:
    field = Generation._meta.get_field("created_at")
    field.auto_now_add = False  # keep the spread-out creation times
    try:
        pending: list[Generation] = []
        for row in rows:
            pending.append(Generation(**row))
            if len(pending) >= batch:
                Generation.objects.bulk_create(pending)
                pending = []
        Generation.objects.bulk_create(pending)
    finally:
        field.auto_now_add = True


def generations_seed(
    *, workspace: Workspace, count: int, days: int = 90, seed: int = 42, now: datetime | None = None
) -> datetime:
    """Insert `count` finished generations into `workspace`; returns the oldest creation time
    possible, from which the rollups must be rebuilt."""
    rng = random.Random(seed)
    now = now or timezone.now()
    context = {
        "rng": rng,
        "workspace": workspace,
        "users": _users(workspace),
        "versions": _versions(workspace),
        "routes": _routes(rng),
        "now": now,
        "days": days,
    }
    rows = _rows(count, **context)
    oldest = now - timedelta(days=days)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy(rows)
        else:
            _bulk_create(rows)
        _rate(rng, workspace=workspace, since=oldest)
    return oldest


def _rate(rng: random.Random, *, workspace: Workspace, since: datetime, batch: int = 5000) -> None:
    """A rating by its own user on about 15% of the succeeded generations since `since`."""
    succeeded = Generation.objects.filter(
        workspace=workspace, status=Generation.Status.SUCCEEDED, created_at__gte=since
    ).order_by("pk")
    pending: list[GenerationRating] = []
    for pk, user_id in succeeded.values_list("pk", "user_id").iterator(chunk_size=batch):
        if rng.random() < 0.15:
            rating = rng.choices([1, 2, 3, 4, 5], [1, 1, 3, 8, 10])[0]
            pending.append(GenerationRating(generation_id=pk, user_id=user_id, rating=rating))
        if len(pending) >= batch:
            GenerationRating.objects.bulk_create(pending, ignore_conflicts=True)
            pending = []
    GenerationRating.objects.bulk_create(pending, ignore_conflicts=True)
