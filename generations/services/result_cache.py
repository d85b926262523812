"""Cached answers: the same provider, model, parameters and prompts give the stored result.

A request that runs its own generation (sync, streamed) reads the cache together with its user's
pace, in one round trip (`requests.generation_prepare`), and keeps what it read on the unsaved
row as a `Lookup` for the run; a generation asking for no cache (`cache: false`) neither reads
nor writes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from generations.models import Generation
from generations.providers import GenerationResult


def generation_cache_key(generation: Generation, *, provider: str, model: str) -> str:
    """The key of the generation's answer by `provider`'s `model`: the same parameters and
    prompts give the same key."""
    material = json.dumps(
        [provider, model, generation.params, generation.system_prompt, generation.rendered_prompt],
        sort_keys=True,
        ensure_ascii=False,
    )
    return f"generation:{hashlib.sha256(material.encode()).hexdigest()}"


@dataclass(frozen=True)
class Lookup:
    """What the cache held for a generation when it was read ahead (None: nothing)."""

    stored: dict[str, Any] | None

    @property
    def result(self) -> GenerationResult | None:
        return GenerationResult(**self.stored) if self.stored else None


# Set on an unsaved generation (not a column) by whoever read its answer ahead.
LOOKUP_ATTRIBUTE = "result_cache_lookup"


def remember_lookup(generation: Generation, stored: dict[str, Any] | None) -> None:
    setattr(generation, LOOKUP_ATTRIBUTE, Lookup(stored))


def cached_result(generation: Generation, *, provider: str, model: str) -> GenerationResult | None:
    """The stored answer of the generation by `provider`'s `model`: the one read ahead, if it
    was (`remember_lookup`), else read now. None when it asks for no cache."""
    if not generation.use_cache:
        return None
    lookup: Lookup | None = getattr(generation, LOOKUP_ATTRIBUTE, None)
    if lookup is not None:
        return lookup.result
    stored = cache.get(generation_cache_key(generation, provider=provider, model=model))
    return GenerationResult(**stored) if stored else None


def cache_result(
    generation: Generation, *, provider: str, model: str, result: GenerationResult
) -> None:
    """Store the generation's answer, unless it asks for no cache or the answer is empty (a
    failure, which a new call need not repeat)."""
    if generation.use_cache and result.text.strip():
        cache.set(
            generation_cache_key(generation, provider=provider, model=model),
            asdict(result),
            timeout=settings.GENERATION_CACHE_TTL_SECONDS,
        )
