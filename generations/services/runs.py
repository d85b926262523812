"""Running generations: in a request, in a worker, or streamed.

Whoever runs a generation first claims it (`queued` → `running`, with a new `run_token`); a request
that runs its own generation (sync or streamed) recorded it already claimed. Every status change is
a conditional UPDATE, so status only moves forward and only the runner holding the current token
can record the outcome: a late or duplicated runner changes nothing.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any, TypeVar, cast

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from aiagency.db import release_pooled_connection
from aiagency.errors import QuotaExceeded
from generations.metrics import record_generation
from generations.models import Generation
from generations.providers import GenerationResult, ProviderError, TextDelta
from generations.providers.base import estimate_tokens, prompt_text
from generations.selectors import claimed_generations, fallback_reason, requested_provider
from generations.services.attempts import AttemptLog
from generations.services.catalogue import cost_of
from generations.services.credentials import workspace_credentials
from generations.services.manager import (
    AllProvidersFailed,
    Completed,
    Prompt,
    Target,
    generate_with_fallback,
    stream_with_fallback,
)
from generations.services.quotas import (
    quota_reserve,
    quota_settle,
    record_usage,
    usage_recount_stale,
)
from generations.services.requests import claim_fields, generation_enqueue
from generations.services.result_cache import cache_result, cached_result
from generations.signals import generation_failed

logger = logging.getLogger("generations")
Status = Generation.Status


# --- running --------------------------------------------------------------------------------------
def _claim(generation_id: int, *, take_over: bool) -> Generation | None:
    """Move a queued generation to running under a new token; `take_over` also claims one left
    running by a runner that died (a redelivered task)."""
    statuses = [Status.QUEUED, Status.RUNNING] if take_over else [Status.QUEUED]
    claimed = Generation.objects.filter(pk=generation_id, status__in=statuses).update(
        **claim_fields()
    )
    if not claimed:
        return None
    return claimed_generations().get(pk=generation_id)


def _chain_of(generation: Generation) -> list[Target]:
    return [Target(provider, model) for provider, model in generation.provider_chain]


def _prompt_of(generation: Generation) -> Prompt:
    return Prompt(
        prompt=generation.rendered_prompt,
        system_prompt=generation.system_prompt,
        params=generation.params,
        language=generation.template_version.template.language,
    )


def _finish(
    generation: Generation,
    started: float,
    *,
    recorded: bool = True,
    log: AttemptLog | None = None,
    **fields: Any,
) -> Generation:
    """Record the outcome if this runner still holds the generation, then the end of a worker's
    call that answered (in that order, see `AttemptLog.succeeded`); then meter and log it. One
    not `recorded` yet (answered from the result cache) is recorded with its outcome at once."""
    fields.update(finished_at=timezone.now(), latency_ms=round((time.monotonic() - started) * 1000))
    if not recorded:
        _assign(generation, fields)
        generation.save(force_insert=True)
        held = True
    else:
        held = bool(
            Generation.objects.filter(
                pk=generation.pk, status=Status.RUNNING, run_token=generation.run_token
            ).update(**fields)
        )
    if log is not None:
        log.record_answer()
    if not held:  # cancelled meanwhile, or taken over by another runner
        generation.refresh_from_db()
        return generation
    _assign(generation, fields)
    record_usage(generation=generation)
    quota_settle(generation=generation)
    _meter(generation)
    if generation.status == Status.FAILED and generation.batch_id is None:
        generation_failed.send(sender=Generation, generation=generation)
    return generation


def _assign(generation: Generation, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(generation, name, value)


def _meter(generation: Generation) -> None:
    record_generation(
        status=generation.status,
        provider=generation.provider,
        seconds=generation.latency_ms / 1000 if generation.latency_ms is not None else None,
        input_tokens=generation.input_tokens,
        output_tokens=generation.output_tokens,
        cost=float(generation.cost or 0),
        cache_hit=generation.cache_hit,
    )
    logger.info(
        "generation finished",
        extra={
            "generation_id": generation.pk,
            "template_id": generation.template_version.template_id,
            "workspace_id": generation.workspace_id,
            "user_id": generation.user_id,
            "status": generation.status,
            "provider": generation.provider,
            "model": generation.model,
            "latency_ms": generation.latency_ms,
            "input_tokens": generation.input_tokens,
            "output_tokens": generation.output_tokens,
            "cost": str(generation.cost) if generation.cost is not None else None,
            "cache_hit": generation.cache_hit,
            "requested_provider": requested_provider(generation),
            "fallback_reason": fallback_reason(generation),
            "error": generation.error or None,  # why a failed one failed, as its record says
        },
    )


def _succeed(
    generation: Generation,
    started: float,
    *,
    target: Target,
    result: GenerationResult,
    cache_hit: bool,
    attempts: list[dict[str, Any]],
    log: AttemptLog | None = None,
    recorded: bool = True,
) -> Generation:
    cost = (
        Decimal(0)
        if cache_hit
        else cost_of(
            provider=target.provider,
            model=target.model,
            input_tokens=result.input_tokens,
            output_tokens=result.output_tokens,
        )
    )
    usage = {"input_tokens": result.input_tokens, "output_tokens": result.output_tokens}
    if not result.text.strip():
        # Billed all the same: what it used and cost are the failed generation's.
        return _fail(
            generation,
            started,
            error=f"{target.provider} returned an empty answer "
            f"(finish reason: {result.finish_reason or 'unknown'}).",
            attempts=attempts,
            finish_reason=result.finish_reason,
            log=log,
            recorded=recorded,
            cost=cost,
            **usage,
        )
    return _finish(
        generation,
        started,
        recorded=recorded,
        log=log,
        status=Status.SUCCEEDED,
        provider=target.provider,
        model=target.model,
        output=result.text,
        finish_reason=result.finish_reason,
        cost=_with_lost_calls(cost, log),
        cache_hit=cache_hit,
        attempts=attempts,
        error="",
        **usage,
    )


def _fail(
    generation: Generation,
    started: float,
    *,
    error: str,
    attempts: list[dict[str, Any]],
    finish_reason: str = "error",
    log: AttemptLog | None = None,
    recorded: bool = True,
    cost: Decimal | None = None,
    **usage: int,
) -> Generation:
    """Record the generation failed, with what it cost: an answer that came but was refused
    (`cost` and its tokens in `usage`), and the calls lost with dead runners."""
    spent = _with_lost_calls(cost, log)
    return _finish(
        generation,
        started,
        recorded=recorded,
        log=log,
        status=Status.FAILED,
        error=error,
        attempts=attempts,
        finish_reason=finish_reason,
        **({"cost": spent} if spent is not None else {}),
        **usage,
    )


def _with_lost_calls(cost: Decimal | None, log: AttemptLog | None) -> Decimal | None:
    """The cost of the answer, plus the estimated cost of the calls lost with dead runners."""
    if log is None or not log.lost:
        return cost
    return (cost or Decimal(0)) + log.lost_cost


def _cached(generation: Generation) -> GenerationResult | None:
    first = _chain_of(generation)[0]
    return cached_result(generation, provider=first.provider, model=first.model)


def _remember(generation: Generation, target: Target, result: GenerationResult) -> None:
    cache_result(generation, provider=target.provider, model=target.model, result=result)


def generation_run(*, generation_id: int, take_over: bool = False) -> Generation | None:
    """Claim a queued generation and run it to its end, as a worker (each provider call is
    recorded before it is made, see `AttemptLog`). Returns None when there is nothing to do: the
    row is gone, finished, cancelled, or being run by someone else."""
    generation = _claim(generation_id, take_over=take_over)
    if generation is None:
        return None
    return generation_run_worker(generation=generation)


def generation_run_worker(*, generation: Generation) -> Generation:
    """Run to its end a generation this worker has just claimed, read with
    `selectors.claimed_generations` (by `generation_run`, or a batch runner's claim of several
    rows at once, see `batch_runs`)."""
    # Each call is recorded first; its connection then goes back to the pool for the call.
    log = AttemptLog.resume(
        generation,
        on_recorded=release_pooled_connection,
        any_recorded=getattr(generation, "has_attempts", True),
    )
    if generation.mode == Generation.Mode.BATCH:
        refusal = _hold_row_maximum(generation)
        if refusal is not None:
            error = f"Not run: {refusal.message}"
            return _fail(generation, time.monotonic(), error=error, attempts=log.entries(), log=log)
    return _run(generation, log)


def _hold_row_maximum(generation: Generation) -> QuotaExceeded | None:
    """A batch row holds its maximum against the workspace's limits when it is first run (the
    batch as a whole was checked on its estimate when it was accepted); the refusal, if any."""
    if generation.reserved_tokens or generation.reserved_cost:
        return None  # held already by a runner that died
    try:
        quota_reserve(generation=generation)
    except QuotaExceeded as refusal:
        return refusal
    if generation.reserved_tokens or generation.reserved_cost:
        Generation.objects.filter(pk=generation.pk).update(
            reserved_tokens=generation.reserved_tokens, reserved_cost=generation.reserved_cost
        )
    return None


def generation_run_claimed(*, generation: Generation, recorded: bool) -> Generation:
    """Run a generation the request holds the claim of, to its end. One not `recorded` yet (a
    sync request with nothing to replay, see `submissions.generation_submit`) is recorded before
    its provider is called or, when the result cache answers, together with its outcome in one
    INSERT. The row is the record of its one provider call in flight: a web process dying
    during it is seen by the sweep."""
    return _run(generation, None, recorded=recorded)


def _run(generation: Generation, log: AttemptLog | None, *, recorded: bool = True) -> Generation:
    started = time.monotonic()
    chain = _chain_of(generation)
    attempts = log.entries() if log else []
    hit = _cached(generation)
    if hit is not None:
        return _succeed(
            generation,
            started,
            target=chain[0],
            result=hit,
            cache_hit=True,
            attempts=attempts,
            recorded=recorded,
        )
    if not recorded:
        call = _call_while_recording(generation, chain, attempts)
    else:
        call = _provider_call(generation, chain, attempts, log)
        if log is None:
            # A worker's run (`log`) hands its connection back once each call is recorded,
            # right before the call: handing it back here too would only take another for it.
            release_pooled_connection()
    try:
        target, result = call()
    except AllProvidersFailed as error:
        return _fail(generation, started, error=str(error), attempts=attempts, log=log)
    except SoftTimeLimitExceeded:
        if log is not None:
            log.interrupted()
        error_message = "Stopped at the task time limit."
        return _fail(generation, started, error=error_message, attempts=attempts, log=log)
    if log is not None:
        log.succeeded(target, result)
    _remember(generation, target, result)
    return _succeed(
        generation,
        started,
        target=target,
        result=result,
        cache_hit=False,
        attempts=attempts,
        log=log,
    )


ProviderCall = Callable[[], tuple[Target, GenerationResult]]


def _provider_call(
    generation: Generation,
    chain: list[Target],
    attempts: list[dict[str, Any]],
    log: AttemptLog | None,
) -> ProviderCall:
    """The call of the generation's providers (`generate_with_fallback`), to make."""
    return partial(
        generate_with_fallback,
        chain=chain,
        prompt=_prompt_of(generation),
        credentials=workspace_credentials(workspace=generation.workspace),
        attempts=attempts,
        observer=log,
    )


def _call_while_recording(
    generation: Generation, chain: list[Target], attempts: list[dict[str, Any]]
) -> ProviderCall:
    """A sync generation not recorded yet, whose pace and quotas have admitted it and that the
    cache does not answer: its providers are asked on another thread while this one INSERTs and
    commits its row, so that the commit overlaps with the provider's wait, as a stream's does
    (`OpenedStream`); nothing is answered before the row is in. A row that cannot be recorded
    raises here (the call runs to its end unrecorded, its hold released by the usage recount,
    as a stream's)."""
    answer = _on_a_caller_first(_provider_call(generation, chain, attempts, log=None))
    generation.save(force_insert=True)
    release_pooled_connection()
    return answer.result


@dataclass(frozen=True)
class StreamMessage:
    """One server-sent event: `start`, `delta`, `done` (data is the Generation) or `error`
    (data is `{"error": {code, message, fields}, "id"}`)."""

    event: str
    data: Any


@lru_cache(maxsize=1)
def _callers() -> ThreadPoolExecutor:
    """Threads that call a provider while the request records its row: a sync generation's call
    (`_call_while_recording`) or a stream's wait for its first event (`OpenedStream`). One per
    call being made at once, each freed when its call ends or its stream's first event is in: as
    many as a gunicorn worker serves requests at once (`PROVIDER_CALL_THREADS`, which follows
    `GUNICORN_THREADS`), so that no call waits for a thread."""
    return ThreadPoolExecutor(
        max_workers=settings.PROVIDER_CALL_THREADS, thread_name_prefix="provider-call"
    )


T = TypeVar("T")


def _on_a_caller_first(work: Callable[[], T]) -> Future[T]:
    """`work` (a provider call) started on a `_callers()` thread, with the request's context (its
    log fields and language), before this thread goes on: this one waits, without the GIL, until
    that one has begun; that one then keeps the GIL until its request is on the wire (its first
    blocking I/O). Otherwise this thread's INSERT, CPU-bound until it waits on the database,
    would hold the GIL meanwhile and the call would wait for it, up to the interpreter's switch
    interval (5 ms; `benchmarks/peers.md`, "Before the provider is asked")."""
    began = threading.Event()
    context = contextvars.copy_context()

    def begin_then_work() -> T:
        began.set()
        return context.run(work)

    future = _callers().submit(begin_then_work)
    began.wait()
    return future


class OpenedStream:
    """A provider stream asked for before its generation's row is committed, so that the INSERT
    and its commit overlap with the provider's first token instead of preceding the call: a
    thread waits for the first event (`stream_with_fallback`: retries and fallbacks until it),
    the request's thread records the row meanwhile, and iterating continues on the request's
    thread once the row is in. Nothing is shown before the row is committed; a row that cannot
    be recorded cancels the stream (`cancel`). Only for a generation whose quota was checked
    and held already (`requests.generation_prepare`) and that the cache does not answer."""

    def __init__(self, generation: Generation) -> None:
        self.started = time.monotonic()
        self.attempts: list[dict[str, Any]] = []
        events = stream_with_fallback(
            chain=_chain_of(generation),
            prompt=_prompt_of(generation),
            credentials=workspace_credentials(workspace=generation.workspace),
            attempts=self.attempts,
        )
        self._events = cast(Generator[TextDelta | Completed], events)
        self._first = _on_a_caller_first(self._read_first)

    def _read_first(self) -> TextDelta | Completed | None:
        return next(self._events, None)

    def __iter__(self) -> Iterator[TextDelta | Completed]:
        first = self._first.result()  # raises what opening the stream raised
        if first is not None:
            yield first
            yield from self._events

    def cancel(self) -> None:
        """Close the provider's stream once its first event is in (or opening it failed)."""
        self._first.add_done_callback(lambda _: self._events.close())


def stream_opening(generation: Generation) -> OpenedStream | None:
    """The provider stream of a prepared streamed generation not recorded yet, asked for now
    (`OpenedStream`); None when the result cache answers it."""
    return None if _cached(generation) is not None else OpenedStream(generation)


class StreamMessages(Iterator[StreamMessage]):
    """A stream's messages (`generation_stream`). Closed before the first is read (the server
    could not send the answer's headers), they settle the generation as a client leaving at the
    first message does: a generator closed before it starts runs none of its code, which would
    leave an opened provider stream to the garbage collector and the row to the sweep."""

    def __init__(self, messages: Generator[StreamMessage]) -> None:
        self._messages = messages
        self._started = False

    def __next__(self) -> StreamMessage:
        self._started = True
        return next(self._messages)

    def close(self) -> None:
        if not self._started:
            self._started = True
            next(self._messages, None)  # to its first message, which nobody reads
        self._messages.close()


def generation_stream(
    *, generation: Generation, created: bool, opened: OpenedStream | None = None
) -> StreamMessages:
    """Run a generation the request just recorded (claimed), yielding its text as it arrives;
    the result is stored as for any other generation. An idempotent replay (`created` false)
    yields what the first request got. `opened`: its provider stream, asked for while its row
    was being recorded (see `OpenedStream`)."""
    return StreamMessages(_stream_messages(generation, created=created, opened=opened))


def _stream_messages(
    generation: Generation, *, created: bool, opened: OpenedStream | None
) -> Generator[StreamMessage]:
    if not created:
        generation.refresh_from_db()
        yield StreamMessage("start", {"id": generation.pk})
        if generation.output:
            yield StreamMessage("delta", {"text": generation.output})
        yield StreamMessage("done", generation)
        return
    started = opened.started if opened else time.monotonic()
    chain = _chain_of(generation)
    hit = None if opened else _cached(generation)
    if hit is not None:
        # Recorded before it is sent: a client leaving meanwhile leaves nothing running.
        done = _succeed(
            generation, started, target=chain[0], result=hit, cache_hit=True, attempts=[]
        )
        yield StreamMessage("start", {"id": generation.pk})
        yield StreamMessage("delta", {"text": hit.text})
        yield StreamMessage("done", done)
        return
    shown: list[str] = []
    try:
        yield StreamMessage("start", {"id": generation.pk})
    except GeneratorExit:
        if opened is not None:  # the provider was called: finish and record it all the same
            _finish_unwatched(generation, started, iter(opened), opened.attempts, shown)
            raise
        error = "The client disconnected before the provider was called."
        _fail(generation, started, error=error, attempts=[])
        raise
    if opened is None:
        attempts: list[dict[str, Any]] = []
        credentials = workspace_credentials(workspace=generation.workspace)
        events: Iterator[TextDelta | Completed] = stream_with_fallback(
            chain=chain, prompt=_prompt_of(generation), credentials=credentials, attempts=attempts
        )
    else:
        attempts, events = opened.attempts, iter(opened)
    release_pooled_connection()
    try:
        for event in events:
            if isinstance(event, TextDelta):
                shown.append(event.text)
                yield StreamMessage("delta", {"text": event.text})
            elif isinstance(event, Completed):
                yield StreamMessage("done", _complete_stream(generation, started, event, attempts))
    except (AllProvidersFailed, ProviderError) as error:
        failed = _fail_stream(generation, started, error=error, attempts=attempts, shown=shown)
        # The API's error shape, as for errors raised before streaming starts.
        failure = {"code": "generation_failed", "message": failed.error, "fields": {}}
        yield StreamMessage("error", {"error": failure, "id": failed.pk})
    except GeneratorExit:
        _finish_unwatched(generation, started, events, attempts, shown)
        raise


def _fail_stream(
    generation: Generation,
    started: float,
    *,
    error: Exception,
    attempts: list[dict[str, Any]],
    shown: list[str],
) -> Generation:
    """A stream that failed. Once text has come, the provider has produced it, and bills it,
    whatever broke after: the generation is recorded failed with the tokens of the prompt and of
    the text so far, estimated as for a provider that reports no usage (one per four
    characters: a cut stream never reports its usage), and their cost, which counts in quotas
    and analytics like any other."""
    if not shown or not attempts:
        return _fail(generation, started, error=str(error), attempts=attempts)
    target = Target(attempts[-1]["provider"], attempts[-1]["model"])
    input_tokens = estimate_tokens(prompt_text(_prompt_of(generation).request_for(target)))
    output_tokens = estimate_tokens("".join(shown))
    cost = cost_of(
        provider=target.provider,
        model=target.model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
    )
    return _finish(
        generation,
        started,
        status=Status.FAILED,
        error=f"The answer broke off after about {output_tokens} tokens: {error}",
        attempts=attempts,
        finish_reason="error",
        provider=target.provider,
        model=target.model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost=cost,
    )


def _complete_stream(
    generation: Generation, started: float, completed: Completed, attempts: list[dict[str, Any]]
) -> Generation:
    _remember(generation, completed.target, completed.result)
    return _succeed(
        generation,
        started,
        target=completed.target,
        result=completed.result,
        cache_hit=False,
        attempts=attempts,
    )


def _finish_unwatched(
    generation: Generation,
    started: float,
    events: Iterator[TextDelta | Completed],
    attempts: list[dict[str, Any]],
    shown: list[str],
) -> None:
    """The client went away mid-stream: the provider is producing (and billing) the text all the
    same, so read it to its end and record it as if watched (text, tokens, cost, quotas). Each
    read is bounded by the provider's timeout. A stream left before the provider was called, or
    after its end was recorded, ends here as failed (a no-op once recorded)."""
    logger.info(
        "client left a stream: finishing it server-side", extra={"generation_id": generation.pk}
    )
    try:
        for event in events:
            if isinstance(event, TextDelta):
                shown.append(event.text)
            elif isinstance(event, Completed):
                _complete_stream(generation, started, event, attempts)
                return
    except (AllProvidersFailed, ProviderError) as error:
        _fail_stream(generation, started, error=error, attempts=attempts, shown=shown)
        return
    _fail(generation, started, error="The client disconnected mid-stream.", attempts=attempts)


def generations_sweep() -> list[int]:
    """The beat's periodic sweep: requeue the generations nobody is finishing, and recount the
    workspaces' usage rows (which drops what dead runs held). Returns the ids requeued."""
    requeued = generations_requeue_stale()
    usage_recount_stale()
    return requeued


def generations_requeue_stale() -> list[int]:
    """Send back to the queue the async generations that no worker is finishing: `running` ones
    whose worker died (their started_at is old), and `queued` ones whose message was lost. Sync
    and streamed ones left running by a web process that died have no caller waiting any more:
    they are marked failed. Batch rows are left to their batch's runner, which takes over the
    rows a dead runner left (see batch_runs). Returns the ids requeued."""
    cutoff = timezone.now() - timedelta(seconds=settings.GENERATION_STALE_AFTER_SECONDS)
    Generation.objects.filter(status=Status.RUNNING, started_at__lt=cutoff).exclude(
        mode__in=[Generation.Mode.ASYNC, Generation.Mode.BATCH]
    ).update(
        status=Status.FAILED,
        error="Abandoned: the process running it stopped.",
        finished_at=timezone.now(),
    )
    stale = Generation.objects.filter(mode=Generation.Mode.ASYNC).filter(
        status=Status.RUNNING, started_at__lt=cutoff
    ) | Generation.objects.filter(
        mode=Generation.Mode.ASYNC, status=Status.QUEUED, created_at__lt=cutoff
    )
    requeued = []
    for generation in stale.only("pk", "status", "started_at"):
        if not _first_requeue_this_period(generation.pk):
            continue
        # Conditional: a runner that finished in the meantime keeps its result, and one that
        # claimed or took it over (a new `started_at`) keeps running it.
        moved = Generation.objects.filter(
            pk=generation.pk, status=generation.status, started_at=generation.started_at
        ).update(status=Status.QUEUED, run_token="", started_at=None)
        if moved:
            generation_enqueue(generation=generation)
            requeued.append(generation.pk)
    return requeued


def _first_requeue_this_period(generation_id: int) -> bool:
    """Whether the generation was not sent again within the last stale period. A queued one
    may only be waiting behind a backlog: sending it at every sweep (each minute) would pile
    duplicate messages onto that backlog; once per period still recovers a lost message."""
    return cache.add(
        f"generation:{generation_id}:requeued", 1, timeout=settings.GENERATION_STALE_AFTER_SECONDS
    )
