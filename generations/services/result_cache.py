"""Cached answers: the same provider, model, parameters and prompts give the stored result."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.cache import cache

from generations.providers import GenerationResult


def cache_key(
    *, provider: str, model: str, params: dict[str, Any], system_prompt: str, prompt: str
) -> str:
    material = json.dumps(
        [provider, model, params, system_prompt, prompt], sort_keys=True, ensure_ascii=False
    )
    return f"generation:{hashlib.sha256(material.encode()).hexdigest()}"


def cached_result(key: str) -> GenerationResult | None:
    stored = cache.get(key)
    return GenerationResult(**stored) if stored else None


def cache_result(key: str, result: GenerationResult) -> None:
    cache.set(key, asdict(result), timeout=settings.GENERATION_CACHE_TTL_SECONDS)
