"""Preview: render a version with sample input, count its tokens, estimate what a call would cost.

Token counts are exact (tiktoken) for OpenAI models when tiktoken's encoding files are available
locally, and otherwise an approximation: one token per `CHARS_PER_TOKEN` characters, rounded up,
the rule of thumb OpenAI and Anthropic both document for English text. Each answer says which one it
used. tiktoken normally downloads its files on first use; this server never does (it may be offline,
and a preview must not wait on the network), so the exact count is used only when the files are
already in tiktoken's cache (`TIKTOKEN_CACHE_DIR`).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import tiktoken

from templates_app.models import TemplateVersion
from templates_app.services.prompts import render_version

CHARS_PER_TOKEN = 4
_ENCODING_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_OPENAI_MODEL_PREFIXES = ("gpt-", "o1", "o3", "o4", "chatgpt", "text-embedding")


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    method: str  # "tiktoken:<encoding>" or "approximation:chars/4"


def _is_openai(provider: str, model: str) -> bool:
    return provider == "openai" or model.startswith(_OPENAI_MODEL_PREFIXES)


def _encoding_cached(name: str) -> bool:
    """Whether tiktoken would find `name` on disk (the same cache path tiktoken computes)."""
    cache_dir = (
        os.environ.get("TIKTOKEN_CACHE_DIR")
        or os.environ.get("DATA_GYM_CACHE_DIR")
        or os.path.join(tempfile.gettempdir(), "data-gym-cache")
    )
    key = hashlib.sha1(_ENCODING_URL.format(name=name).encode()).hexdigest()
    return (Path(cache_dir) / key).exists()


@lru_cache(maxsize=8)
def _encoding(model: str) -> tiktoken.Encoding | None:
    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        name = "o200k_base"  # the encoding of every current OpenAI chat model
    if not _encoding_cached(name):
        return None
    try:
        return tiktoken.get_encoding(name)
    except Exception:  # a corrupt cache file: the approximation is still a useful answer
        return None


def count_tokens(text: str, *, provider: str, model: str) -> TokenCount:
    encoding = _encoding(model) if _is_openai(provider, model) else None
    if encoding is not None:
        return TokenCount(
            len(encoding.encode(text, disallowed_special=())), f"tiktoken:{encoding.name}"
        )
    return TokenCount(
        math.ceil(len(text) / CHARS_PER_TOKEN), f"approximation:chars/{CHARS_PER_TOKEN}"
    )


@dataclass(frozen=True)
class RunEstimate:
    """What a generation of the preview would run on and cost."""

    provider: str
    model: str
    input_tokens: int
    token_method: str
    cost: Decimal | None  # None for a model without a price
    cost_line: str  # the cost in words: "free: offline draft", "$0.000410 on OpenAI gpt-4o-mini"


# Which provider would run, and its price, are the generations app's to say: it registers this
# in its `AppConfig.ready()` (this app sits below it and imports nothing from it).
RunEstimator = Callable[..., RunEstimate]
_run_estimators: list[RunEstimator] = []


def register_run_estimator(estimator: RunEstimator) -> None:
    _run_estimators[:] = [estimator]


def template_preview(
    *,
    version: TemplateVersion,
    values: Any,
    provider: str | None = None,
    model: str | None = None,
    output_tokens: int | None = None,
) -> dict[str, Any]:
    """Render `version` with `values` and estimate tokens and cost on the provider that would
    really run it (the request's, else the template's, else the workspace's default); nothing is
    stored."""
    rendered = render_version(version=version, values=values)
    if output_tokens is None:
        output_tokens = version.defaults.get("params", {}).get("max_tokens", 0)
    (estimator,) = _run_estimators
    estimate = estimator(
        version=version,
        provider=provider,
        model=model,
        text=f"{rendered.system_prompt}\n{rendered.prompt}",
        output_tokens=output_tokens,
    )
    return {
        "version": version.number,
        "system_prompt": rendered.system_prompt,
        "prompt": rendered.prompt,
        "provider": estimate.provider,
        "model": estimate.model,
        "input_tokens": estimate.input_tokens,
        "token_method": estimate.token_method,
        "output_tokens": output_tokens,
        "cost": estimate.cost,
        "cost_line": estimate.cost_line,
        "currency": "USD",
    }
