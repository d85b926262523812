"""Provider calls made outside any generation (an evaluation's `llm_judge`), metered as
generations are: each holds its maximum against the workspace's limits before the call (refused
with `QuotaExceeded` when there is no room), and is recorded as a `MeteredCall` with its tokens
and cost after it, which the workspace's usage counts (`quotas`). So an evaluation cannot spend
past the budget through its judge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import Workspace
from aiagency.db import release_pooled_connection
from generations.models import MeteredCall, ProviderCredential
from generations.providers import GenerationResult
from generations.services.catalogue import cost_of
from generations.services.manager import (
    AllProvidersFailed,
    Prompt,
    Target,
    generate_with_fallback,
)
from generations.services.quotas import (
    NOTHING,
    Usage,
    prompt_maximum,
    usage_record,
    usage_reserve,
    usage_settle,
)

Status = MeteredCall.Status


@dataclass(frozen=True)
class MeteredResult:
    result: GenerationResult
    cost: Decimal


def metered_call(
    *,
    workspace: Workspace,
    purpose: str,
    target: Target,
    prompt: Prompt,
    credentials: Mapping[str, ProviderCredential],
) -> MeteredResult:
    """Call `target` once (its retries, no fallback) under the workspace's limits. Raises
    `QuotaExceeded` before calling when the limits have no room for the call's maximum, and
    `AllProvidersFailed` when the provider fails (recorded, at no cost)."""
    held = prompt_maximum(
        system_prompt=prompt.system_prompt,
        prompt=prompt.prompt,
        params=prompt.params,
        provider=target.provider,
        model=target.model,
    )
    usage_reserve(workspace=workspace, wanted=held)
    call = MeteredCall.objects.create(
        workspace=workspace,
        purpose=purpose,
        provider=target.provider,
        model=target.model,
        reserved_tokens=held.tokens,
        reserved_cost=held.cost,
    )
    release_pooled_connection()  # no connection held during the call
    try:
        _, result = generate_with_fallback(
            chain=[target], prompt=prompt, credentials=credentials, attempts=[]
        )
    except AllProvidersFailed as error:
        _end(call, held, NOTHING, status=Status.FAILED, error=str(error))
        raise
    cost = cost_of(
        provider=target.provider,
        model=target.model,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
    ) or Decimal(0)
    used = Usage(result.input_tokens + result.output_tokens, cost)
    _end(
        call,
        held,
        used,
        status=Status.SUCCEEDED,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        cost=cost,
    )
    return MeteredResult(result=result, cost=cost)


def _end(call: MeteredCall, held: Usage, used: Usage, **fields: object) -> None:
    MeteredCall.objects.filter(pk=call.pk).update(finished_at=timezone.now(), **fields)
    usage_settle(workspace=call.workspace, held=held, used=used, created_at=call.created_at)
    usage_record(workspace=call.workspace, used=used, created_at=call.created_at)
