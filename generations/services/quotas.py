"""Limits checked before a generation is accepted; each refusal says which limit and when it
resets (429 with `Retry-After`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User, Workspace
from accounts.ratelimit import hit
from aiagency.errors import QuotaExceeded, RateLimited
from generations.models import Generation


def start_of_day(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def start_of_month(now: datetime) -> datetime:
    return start_of_day(now).replace(day=1)


def start_of_next_month(now: datetime) -> datetime:
    return (start_of_month(now) + timedelta(days=32)).replace(day=1)


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def check_user_pace(*, user: User) -> None:
    limit = settings.GENERATIONS_PER_USER_PER_MINUTE
    result = hit(f"generations:user:{user.pk}", limit=limit)
    if not result.allowed:
        raise RateLimited(
            f"Generation rate limit reached: {limit} generations per minute per user; "
            f"try again in {result.retry_after} s.",
            retry_after=result.retry_after,
        )


# --- workspace usage, kept in the cache -----------------------------------------------------------
# A workspace's spend this month and tokens today, as running totals in the cache: counted from
# the database when missing (a scan of the period's generations, tens of milliseconds at 100,000
# a month), then added to as each generation finishes. They are counted afresh every
# `USAGE_RECOUNT_SECONDS`, which bounds any drift (a generation finishing while its workspace's
# total is being counted may be missed or counted twice until then).
USAGE_RECOUNT_SECONDS = 300
MICRODOLLARS = Decimal(1_000_000)  # costs are kept to six decimals (`Generation.cost`)


def _cost_key(workspace_id: int, moment: datetime) -> str:
    return f"usage:cost:{workspace_id}:{moment:%Y-%m}"


def _tokens_key(workspace_id: int, moment: datetime) -> str:
    return f"usage:tokens:{workspace_id}:{moment:%Y-%m-%d}"


def _cost_this_month(workspace: Workspace, now: datetime) -> Decimal:
    return Generation.objects.filter(
        workspace=workspace, created_at__gte=start_of_month(now)
    ).aggregate(total=Coalesce(Sum("cost"), Value(Decimal(0)), output_field=DecimalField()))[
        "total"
    ]


def _tokens_today(workspace: Workspace, now: datetime) -> int:
    return Generation.objects.filter(
        workspace=workspace, created_at__gte=start_of_day(now), cache_hit=False
    ).aggregate(total=Coalesce(Sum(F("input_tokens") + F("output_tokens")), 0))["total"]


def _kept(key: str, count: Callable[[], int]) -> int:
    value = cache.get(key)
    if value is None:
        value = count()
        cache.add(key, value, timeout=USAGE_RECOUNT_SECONDS)
    return value


def _add(key: str, amount: int) -> None:
    with suppress(ValueError):  # not kept at the moment: the next check counts from the database
        cache.incr(key, amount)


def record_usage(*, generation: Generation) -> None:
    """Add a finished generation to its workspace's running totals, for the limits it has."""
    workspace = generation.workspace
    if workspace.monthly_cost_budget is not None and generation.cost:
        microdollars = int(generation.cost * MICRODOLLARS)
        _add(_cost_key(workspace.pk, generation.created_at), microdollars)
    tokens = generation.input_tokens + generation.output_tokens
    if workspace.daily_token_quota is not None and tokens and not generation.cache_hit:
        _add(_tokens_key(workspace.pk, generation.created_at), tokens)


def spent_this_month(*, workspace: Workspace, now: datetime) -> Decimal:
    """USD spent this month: the kept total while the workspace has a budget (only then is it
    added to), counted from the database otherwise."""
    if workspace.monthly_cost_budget is None:
        return _cost_this_month(workspace, now)

    def count() -> int:
        return int(_cost_this_month(workspace, now) * MICRODOLLARS)

    return Decimal(_kept(_cost_key(workspace.pk, now), count)) / MICRODOLLARS


def tokens_today(*, workspace: Workspace, now: datetime) -> int:
    """Tokens used today (cache hits aside), kept as `spent_this_month` is, for the quota."""
    if workspace.daily_token_quota is None:
        return _tokens_today(workspace, now)
    return _kept(_tokens_key(workspace.pk, now), lambda: _tokens_today(workspace, now))


def check_workspace_budget(*, workspace: Workspace) -> None:
    if workspace.monthly_cost_budget is None:
        return
    now = timezone.now()
    spent = spent_this_month(workspace=workspace, now=now)
    if spent >= workspace.monthly_cost_budget:
        resets = start_of_next_month(now)
        raise QuotaExceeded(
            f"Monthly cost budget reached: ${spent:.2f} of "
            f"${workspace.monthly_cost_budget:.2f} spent; it resets on {resets:%Y-%m-%d} (UTC).",
            retry_after=seconds_until(resets, now),
        )


def check_workspace_tokens(*, workspace: Workspace) -> None:
    if workspace.daily_token_quota is None:
        return
    now = timezone.now()
    used = tokens_today(workspace=workspace, now=now)
    if used >= workspace.daily_token_quota:
        resets = start_of_day(now) + timedelta(days=1)
        raise QuotaExceeded(
            f"Daily token quota reached: {used} of {workspace.daily_token_quota} tokens used "
            f"today; it resets at {resets:%Y-%m-%d %H:%M} UTC.",
            retry_after=seconds_until(resets, now),
        )


def check_quotas(*, workspace: Workspace, user: User) -> None:
    check_workspace_budget(workspace=workspace)
    check_workspace_tokens(workspace=workspace)
    check_user_pace(user=user)
