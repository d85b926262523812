"""Limits checked before a generation is accepted; each refusal says which limit and when it
resets (429 with `Retry-After`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import BigIntegerField, Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from accounts.ratelimit import hit
from aiagency.cache import cache_degraded
from aiagency.errors import QuotaExceeded, RateLimited
from generations.models import Generation, MeteredCall, WorkspaceUsage
from generations.services.batch_input import output_tokens_per_row
from generations.services.catalogue import cost_of
from templates_app.services.preview import count_tokens


def start_of_day(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def start_of_month(now: datetime) -> datetime:
    return start_of_day(now).replace(day=1)


def start_of_next_month(now: datetime) -> datetime:
    return (start_of_month(now) + timedelta(days=32)).replace(day=1)


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


# A refusal by one of the workspace's limits says when its period starts again (UTC), as its
# message's %(resets)s and as `Retry-After`.
def budget_exceeded(message: str, values: Mapping[str, Any], *, now: datetime) -> QuotaExceeded:
    """The monthly cost budget's refusal: it resets on the first of next month."""
    resets = start_of_next_month(now)
    return QuotaExceeded(
        message % {**values, "resets": f"{resets:%Y-%m-%d}"}, retry_after=seconds_until(resets, now)
    )


def token_quota_exceeded(
    message: str, values: Mapping[str, Any], *, now: datetime
) -> QuotaExceeded:
    """The daily token quota's refusal: it resets at the next midnight."""
    resets = start_of_day(now) + timedelta(days=1)
    return QuotaExceeded(
        message % {**values, "resets": f"{resets:%Y-%m-%d %H:%M}"},
        retry_after=seconds_until(resets, now),
    )


def check_user_pace(*, user: User, read: str | None = None) -> Any:
    """Count a generation against its user's pace, or refuse it. With `read`, returns the
    cache's value at that key, read in the same round trip (`ratelimit.hit`)."""
    limit = settings.GENERATIONS_PER_USER_PER_MINUTE
    result = hit(f"generations:user:{user.pk}", limit=limit, read=read)
    if not result.allowed:
        raise RateLimited(
            _(
                "Generation rate limit reached: %(limit)d generations per minute per user; "
                "try again in %(seconds)d s."
            )
            % {"limit": limit, "seconds": result.retry_after},
            retry_after=result.retry_after,
        )
    return result.read


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
    """The cost of the month's generations and metered calls (an evaluation's judge)."""
    since = start_of_month(now)
    total = Coalesce(Sum("cost"), Value(Decimal(0)), output_field=DecimalField())
    generations: Decimal = Generation.objects.filter(
        workspace=workspace, created_at__gte=since
    ).aggregate(total=total)["total"]
    calls: Decimal = MeteredCall.objects.filter(
        workspace=workspace, created_at__gte=since
    ).aggregate(total=total)["total"]
    return generations + calls


def _tokens_today(workspace: Workspace, now: datetime) -> int:
    """The tokens of the day's generations (cache hits aside) and metered calls."""
    since = start_of_day(now)
    total = Coalesce(Sum(F("input_tokens") + F("output_tokens")), 0)
    generations: int = Generation.objects.filter(
        workspace=workspace, created_at__gte=since, cache_hit=False
    ).aggregate(total=total)["total"]
    calls: int = MeteredCall.objects.filter(workspace=workspace, created_at__gte=since).aggregate(
        total=total
    )["total"]
    return generations + calls


def _kept(key: str, count: Callable[[], int]) -> int:
    if cache_degraded():  # a process's own total would miss what the others spend
        return count()
    value: int | None = cache.get(key)
    if value is None:
        value = count()
        cache.add(key, value, timeout=USAGE_RECOUNT_SECONDS)
    return value


def _add(key: str, amount: int) -> None:
    with suppress(ValueError):  # not kept at the moment: the next check counts from the database
        cache.incr(key, amount)


def record_usage(*, generation: Generation) -> None:
    """Add a finished generation to its workspace's running totals, for the limits it has."""
    used = NOTHING if generation.cache_hit else _used(generation)
    usage_record(workspace=generation.workspace, used=used, created_at=generation.created_at)


def usage_record(*, workspace: Workspace, used: Usage, created_at: datetime) -> None:
    """Add `used` to the workspace's running totals in the cache, for the limits it has."""
    if workspace.monthly_cost_budget is not None and used.cost:
        _add(_cost_key(workspace.pk, created_at), int(used.cost * MICRODOLLARS))
    if workspace.daily_token_quota is not None and used.tokens:
        _add(_tokens_key(workspace.pk, created_at), used.tokens)


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
        raise budget_exceeded(
            _(
                "Monthly cost budget reached: $%(spent)s of $%(budget)s spent; it resets on "
                "%(resets)s (UTC)."
            ),
            {"spent": f"{spent:.2f}", "budget": f"{workspace.monthly_cost_budget:.2f}"},
            now=now,
        )


def check_workspace_tokens(*, workspace: Workspace) -> None:
    if workspace.daily_token_quota is None:
        return
    now = timezone.now()
    used = tokens_today(workspace=workspace, now=now)
    if used >= workspace.daily_token_quota:
        raise token_quota_exceeded(
            _(
                "Daily token quota reached: %(used)d of %(quota)d tokens used today; it resets "
                "at %(resets)s UTC."
            ),
            {"used": used, "quota": workspace.daily_token_quota},
            now=now,
        )


# --- reservations: the limits, held atomically in PostgreSQL -------------------------------------
# Checking a total and then running let every concurrent request see the same room (30 requests
# of 2,000 tokens all passed a check with room for 2,500). So a request instead reserves its
# maximum in the workspace's `WorkspaceUsage` row by one conditional UPDATE before the provider
# is called, and settles it (the reservation released, the real use added) when it ends: the
# limits hold across processes, whatever the cache does. A request may still use more than it
# reserved where its maximum is an estimate (no `max_tokens`, an unpriced model, a prompt the
# provider counts longer than estimated): a limit is overshot by that much at most. Only a
# workspace with a limit pays these round trips.


@dataclass(frozen=True)
class Usage:
    tokens: int
    cost: Decimal


NOTHING = Usage(0, Decimal(0))


def has_limits(workspace: Workspace) -> bool:
    return workspace.monthly_cost_budget is not None or workspace.daily_token_quota is not None


def maximum_usage(*, generation: Generation, provider: str, model: str) -> Usage:
    """The most a call of `generation` on `model` may use: its prompt's tokens plus `max_tokens`
    (else the batch estimate's default), priced; an unpriced model counts as free."""
    return prompt_maximum(
        system_prompt=generation.system_prompt,
        prompt=generation.rendered_prompt,
        params=generation.params,
        provider=provider,
        model=model,
    )


def prompt_maximum(
    *, system_prompt: str, prompt: str, params: dict[str, Any], provider: str, model: str
) -> Usage:
    """The most a call of these prompts may use on `model` (see `maximum_usage`)."""
    input_tokens = count_tokens(f"{system_prompt}\n{prompt}", provider=provider, model=model).tokens
    output_tokens = output_tokens_per_row(params)
    cost = cost_of(
        provider=provider, model=model, input_tokens=input_tokens, output_tokens=output_tokens
    )
    return Usage(input_tokens + output_tokens, cost or Decimal(0))


def _maximum_over_chain(generation: Generation) -> Usage:
    """The request's maximum wherever its fallback chain takes it."""
    each = [
        maximum_usage(generation=generation, provider=provider, model=model)
        for provider, model in generation.provider_chain
    ]
    return Usage(max(u.tokens for u in each), max(u.cost for u in each)) if each else NOTHING


def _period(now: datetime) -> dict[str, date]:
    return {"day": now.date(), "month": start_of_month(now).date()}


def _tokens(amount: int) -> Value:
    return Value(amount, output_field=BigIntegerField())


def _usd(amount: Decimal) -> Value:
    return Value(amount, output_field=DecimalField(max_digits=14, decimal_places=6))


def _fits(wanted: int | Decimal) -> str:
    return "lte" if wanted else "lt"


def _try_reserve(workspace: Workspace, wanted: Usage, now: datetime) -> bool:
    """Reserve `wanted` if the row is of the current period and every limit has room for it."""
    room = WorkspaceUsage.objects.filter(workspace=workspace, **_period(now))
    # A request that may use nothing (a free model) still needs some room left: a limit reached
    # refuses everything.
    if workspace.daily_token_quota is not None:
        left = _tokens(workspace.daily_token_quota - wanted.tokens) - F("tokens_reserved")
        room = room.filter(**{f"tokens_spent__{_fits(wanted.tokens)}": left})
    if workspace.monthly_cost_budget is not None:
        left = _usd(workspace.monthly_cost_budget - wanted.cost) - F("cost_reserved")
        room = room.filter(**{f"cost_spent__{_fits(wanted.cost)}": left})
    return bool(
        room.update(
            tokens_reserved=F("tokens_reserved") + _tokens(wanted.tokens),
            cost_reserved=F("cost_reserved") + _usd(wanted.cost),
        )
    )


def _in_flight(workspace: Workspace) -> QuerySet[Generation]:
    return Generation.objects.filter(
        workspace=workspace, status__in=[Generation.Status.QUEUED, Generation.Status.RUNNING]
    )


def _calls_in_flight(workspace: Workspace, now: datetime) -> QuerySet[MeteredCall]:
    """Metered calls still running; one older than a generation's stale period was left by a
    process that died (a call is bounded by the provider's timeout), and holds nothing."""
    stale = now - timedelta(seconds=settings.GENERATION_STALE_AFTER_SECONDS)
    return MeteredCall.objects.filter(
        workspace=workspace, status=MeteredCall.Status.RUNNING, created_at__gte=stale
    )


def usage_recount(*, workspace: Workspace, now: datetime, older_than: timedelta) -> bool:
    """Count the workspace's usage row afresh from its generations, if it is missing, of a past
    period, or counted longer than `older_than` ago: spent by the period's generations, reserved
    by those still queued or running (so what a dead run held is dropped once the sweep has
    failed or requeued it). Returns whether it was counted."""
    with transaction.atomic():
        WorkspaceUsage.objects.bulk_create(
            [WorkspaceUsage(workspace=workspace, **_period(now))], ignore_conflicts=True
        )
        usage = WorkspaceUsage.objects.select_for_update().get(workspace=workspace)
        current = (usage.day, usage.month) == tuple(_period(now).values())
        if current and usage.counted_at and usage.counted_at > now - older_than:
            return False
        sums = {
            "tokens": Coalesce(Sum("reserved_tokens"), 0),
            "cost": Coalesce(Sum("reserved_cost"), Value(Decimal(0)), output_field=DecimalField()),
        }
        held = _in_flight(workspace).aggregate(**sums)
        held_by_calls = _calls_in_flight(workspace, now).aggregate(**sums)
        usage.day, usage.month = _period(now).values()
        usage.tokens_spent = _tokens_today(workspace, now)
        usage.cost_spent = _cost_this_month(workspace, now)
        usage.tokens_reserved = held["tokens"] + held_by_calls["tokens"]
        usage.cost_reserved = held["cost"] + held_by_calls["cost"]
        usage.counted_at = now
        usage.save()
        return True


def usage_recount_stale() -> int:
    """The sweep's part: recount the usage rows of workspaces with a limit not counted for
    `USAGE_RECOUNT_SECONDS`, which bounds both drift (a row is not settled while its workspace
    has no limit) and how long a dead run's reservation is held. Returns how many."""
    now = timezone.now()
    older_than = timedelta(seconds=USAGE_RECOUNT_SECONDS)
    limited = Q(workspace__monthly_cost_budget__isnull=False) | Q(
        workspace__daily_token_quota__isnull=False
    )
    stale = (
        WorkspaceUsage.objects.filter(limited)
        .filter(Q(counted_at__isnull=True) | Q(counted_at__lt=now - older_than))
        .select_related("workspace")
    )
    return sum(
        usage_recount(workspace=usage.workspace, now=now, older_than=older_than) for usage in stale
    )


def _refusal(workspace: Workspace, wanted: Usage, now: datetime) -> QuotaExceeded:
    usage = WorkspaceUsage.objects.get(workspace=workspace)
    budget, quota = workspace.monthly_cost_budget, workspace.daily_token_quota
    if budget is not None and usage.cost_spent + usage.cost_reserved + wanted.cost >= budget:
        reached = _("reached") if usage.cost_spent >= budget else _("too close")
        return budget_exceeded(
            _(
                "Monthly cost budget %(reached)s: $%(spent)s of $%(budget)s spent and "
                "$%(reserved)s held by generations in flight; this one may cost up to "
                "$%(wanted)s. It resets on %(resets)s (UTC)."
            ),
            {
                "reached": reached,
                "spent": f"{usage.cost_spent:.2f}",
                "budget": f"{budget:.2f}",
                "reserved": f"{usage.cost_reserved:.2f}",
                "wanted": f"{wanted.cost:.4f}",
            },
            now=now,
        )
    reached = _("reached") if usage.tokens_spent >= (quota or 0) else _("too close")
    return token_quota_exceeded(
        _(
            "Daily token quota %(reached)s: %(spent)d of %(quota)d tokens used today and "
            "%(reserved)d held by generations in flight; this one may use up to %(wanted)d. "
            "It resets at %(resets)s UTC."
        ),
        {
            "reached": reached,
            "spent": usage.tokens_spent,
            "quota": quota or 0,
            "reserved": usage.tokens_reserved,
            "wanted": wanted.tokens,
        },
        now=now,
    )


def quota_reserve(*, generation: Generation) -> None:
    """Hold the generation's maximum against its workspace's limits, or refuse it (429 naming
    the limit). Sets `reserved_tokens` and `reserved_cost` on the generation, for the caller to
    save; nothing happens (no query) for a workspace without limits."""
    if not has_limits(generation.workspace):
        return
    wanted = _maximum_over_chain(generation)
    usage_reserve(workspace=generation.workspace, wanted=wanted)
    generation.reserved_tokens, generation.reserved_cost = wanted.tokens, wanted.cost


def usage_reserve(*, workspace: Workspace, wanted: Usage) -> None:
    """Hold `wanted` against the workspace's limits, or refuse it (`QuotaExceeded` naming the
    limit); nothing happens (no query) for a workspace without limits."""
    if not has_limits(workspace):
        return
    now = timezone.now()
    if not _try_reserve(workspace, wanted, now):
        # Missing, of a past period, or due a recount: count it, and try once more. Once more
        # even when the count finds the row counted already: a concurrent reservation that also
        # found it missing or of a past period may have counted it since this one's try (a
        # batch's first two rows, at midnight or after a limit is set), and there may be room.
        usage_recount(
            workspace=workspace, now=now, older_than=timedelta(seconds=USAGE_RECOUNT_SECONDS)
        )
        if not _try_reserve(workspace, wanted, now):
            raise _refusal(workspace, wanted, now)


def quota_settle(*, generation: Generation) -> None:
    """Release what the generation held and add what it used, once it has ended (or was never
    recorded: nothing used). Its use counts for the period it was created in."""
    usage_settle(
        workspace=generation.workspace,
        held=Usage(generation.reserved_tokens, generation.reserved_cost),
        used=NOTHING if generation.cache_hit else _used(generation),
        created_at=generation.created_at or timezone.now(),
    )


def usage_settle(*, workspace: Workspace, held: Usage, used: Usage, created_at: datetime) -> None:
    """Release what was `held` and add what was `used` to the period of `created_at`."""
    if not has_limits(workspace):
        return
    created = _period(created_at)
    tokens, usd = BigIntegerField(), DecimalField(max_digits=14, decimal_places=6)
    WorkspaceUsage.objects.filter(workspace=workspace).update(
        tokens_reserved=Greatest(
            F("tokens_reserved") - _tokens(held.tokens), _tokens(0), output_field=tokens
        ),
        cost_reserved=Greatest(
            F("cost_reserved") - _usd(held.cost), _usd(Decimal(0)), output_field=usd
        ),
        tokens_spent=Case(
            When(day=created["day"], then=F("tokens_spent") + _tokens(used.tokens)),
            default=F("tokens_spent"),
            output_field=tokens,
        ),
        cost_spent=Case(
            When(month=created["month"], then=F("cost_spent") + _usd(used.cost)),
            default=F("cost_spent"),
            output_field=usd,
        ),
    )


def _used(generation: Generation) -> Usage:
    return Usage(generation.input_tokens + generation.output_tokens, generation.cost or Decimal(0))


def check_quotas(*, generation: Generation, user: User, read: str | None = None) -> Any:
    """Admit the generation under the user's pace and hold its maximum against the workspace's
    limits (`quota_reserve`), in that order: a refusal by pace holds nothing. Returns the cache's
    value at `read`, read with the pace (`check_user_pace`)."""
    value = check_user_pace(user=user, read=read)
    quota_reserve(generation=generation)
    return value
