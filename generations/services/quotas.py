"""Limits checked before a generation is accepted; each refusal says which limit and when it
resets (429 with `Retry-After`)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User, Workspace
from accounts.ratelimit import hit
from aiagency.errors import QuotaExceeded
from generations.models import Generation


def _start_of_day(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _start_of_month(now: datetime) -> datetime:
    return _start_of_day(now).replace(day=1)


def _start_of_next_month(now: datetime) -> datetime:
    return (_start_of_month(now) + timedelta(days=32)).replace(day=1)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def check_user_pace(*, user: User) -> None:
    limit = settings.GENERATIONS_PER_USER_PER_MINUTE
    result = hit(f"generations:user:{user.pk}", limit=limit)
    if not result.allowed:
        raise QuotaExceeded(
            f"Generation rate limit reached: {limit} generations per minute per user; "
            f"try again in {result.retry_after} s.",
            retry_after=result.retry_after,
        )


def check_workspace_budget(*, workspace: Workspace) -> None:
    if workspace.monthly_cost_budget is None:
        return
    now = timezone.now()
    spent = Generation.objects.filter(
        workspace=workspace, created_at__gte=_start_of_month(now)
    ).aggregate(total=Coalesce(Sum("cost"), Value(Decimal(0)), output_field=DecimalField()))
    if spent["total"] >= workspace.monthly_cost_budget:
        resets = _start_of_next_month(now)
        raise QuotaExceeded(
            f"Monthly cost budget reached: ${spent['total']:.2f} of "
            f"${workspace.monthly_cost_budget:.2f} spent; it resets on {resets:%Y-%m-%d} (UTC).",
            retry_after=_seconds_until(resets, now),
        )


def check_workspace_tokens(*, workspace: Workspace) -> None:
    if workspace.daily_token_quota is None:
        return
    now = timezone.now()
    used = Generation.objects.filter(
        workspace=workspace, created_at__gte=_start_of_day(now), cache_hit=False
    ).aggregate(total=Coalesce(Sum(F("input_tokens") + F("output_tokens")), 0))["total"]
    if used >= workspace.daily_token_quota:
        resets = _start_of_day(now) + timedelta(days=1)
        raise QuotaExceeded(
            f"Daily token quota reached: {used} of {workspace.daily_token_quota} tokens used "
            f"today; it resets at {resets:%Y-%m-%d %H:%M} UTC.",
            retry_after=_seconds_until(resets, now),
        )


def check_quotas(*, workspace: Workspace, user: User) -> None:
    check_workspace_budget(workspace=workspace)
    check_workspace_tokens(workspace=workspace)
    check_user_pace(user=user)
