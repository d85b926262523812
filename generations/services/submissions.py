"""Submitting a generation: record it and start it, for the API's create and retry (a streamed one
is recorded by `requests.generation_create` and run by `runs.generation_stream` as it is read)."""

from __future__ import annotations

from accounts.models import User
from generations import selectors
from generations.models import Generation
from generations.services.requests import (
    GenerationInput,
    generation_create,
    generation_enqueue,
    generation_prepare,
)
from generations.services.runs import (
    StreamMessages,
    generation_run_claimed,
    generation_stream,
    stream_opening,
)


def generation_submit(
    *, user: User, data: GenerationInput, idempotency_key: str | None
) -> tuple[Generation, bool]:
    """Record a generation and start it: a sync one runs to its end in this request, an async one
    is queued for a worker once the transaction commits. Returns the row to answer with (joined
    as `selectors.generation_list()` joins) and whether it was created: a repeated
    `idempotency_key` with the same request answers the first generation and starts nothing.

    A sync request without a key has nothing to replay, so its row is recorded by the run itself:
    in one INSERT together with the outcome when the result cache answers."""
    sync = data.mode == Generation.Mode.SYNC
    if sync and not idempotency_key:
        prepared = generation_prepare(user=user, data=data)
        return generation_run_claimed(generation=prepared, recorded=False), True
    generation, created = generation_create(user=user, data=data, idempotency_key=idempotency_key)
    if created and sync:
        return generation_run_claimed(generation=generation, recorded=True), True
    # Read as accepted, before a worker can claim it: the answer says "queued", never a race.
    answer = selectors.generation_list().get(pk=generation.pk)
    if created:
        generation_enqueue(generation=generation)
    return answer, created


def generation_stream_submit(
    *, user: User, data: GenerationInput, idempotency_key: str | None
) -> tuple[Generation, StreamMessages]:
    """Record a streamed generation and open its stream (`runs.generation_stream`): the row and
    its messages. Without a key, once its pace and quotas have admitted it and the cache has not
    answered it, its provider is asked while its row is being recorded (`runs.OpenedStream`), so
    that the INSERT's commit overlaps with the wait for the first token; a row that cannot be
    recorded cancels the call and raises here, before any event (its hold is released by the
    usage recount, as for a sync generation's). A refusal never reaches the provider. With a key
    it is recorded first, as the first request's may be replayed instead."""
    if idempotency_key:
        generation, created = generation_create(
            user=user, data=data, idempotency_key=idempotency_key
        )
        return generation, generation_stream(generation=generation, created=created)
    generation = generation_prepare(user=user, data=data)
    opened = stream_opening(generation)
    try:
        generation.save(force_insert=True)
    except BaseException:
        if opened is not None:
            opened.cancel()
        raise
    return generation, generation_stream(generation=generation, created=True, opened=opened)


def generation_retry(
    *, generation: Generation, user: User, mode: str, idempotency_key: str | None = None
) -> tuple[Generation, bool]:
    """Submit a new generation from the same template version, variables, provider, model and
    params, without the result cache (`generation_submit`)."""
    version = generation.template_version
    first = generation.provider_chain[0] if generation.provider_chain else None
    data = GenerationInput(
        template=version.template,
        version=version.number,
        variables=generation.variables,
        provider=first[0] if first else generation.provider,
        model=first[1] if first else generation.model,
        params=generation.params,
        mode=mode,
        cache=False,
    )
    return generation_submit(user=user, data=data, idempotency_key=idempotency_key)
