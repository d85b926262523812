"""What each provider accepts in a generation's `params`: one declaration per adapter
(`Provider.param_specs`), checked before anything is recorded, so that a mistake such as
`{"temperature": 7}` is refused naming the key rather than failing later at the provider.

Each adapter declares only the keys it passes on to its API, with the ranges that API documents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NumberParam:
    low: float
    high: float
    integer: bool = False

    def problem(self, value: Any) -> str | None:
        """Why `value` is not acceptable, or None."""
        noun = "an integer" if self.integer else "a number"
        wrong_type = isinstance(value, bool) or not isinstance(value, int | float)
        if wrong_type or (self.integer and not isinstance(value, int)):
            return f"Must be {noun}."
        # `isfinite` of an int past a float's range raises: only floats can be infinite or NaN.
        infinite = isinstance(value, float) and not math.isfinite(value)
        if infinite or not self.low <= value <= self.high:
            return f"Must be {noun} from {_number(self.low)} to {_number(self.high)}."
        return None


@dataclass(frozen=True)
class StopParam:
    """Stop sequences: one text, or a list of at most `max_items` texts."""

    max_items: int

    def problem(self, value: Any) -> str | None:
        if isinstance(value, str):
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return "Must be a text or a list of texts."
        if len(value) > self.max_items:
            return f"At most {self.max_items} stop sequences."
        return None


ParamSpec = NumberParam | StopParam

# The ranges most APIs share; an adapter whose API differs declares its own.
TEMPERATURE = NumberParam(0, 2)
TOP_P = NumberParam(0, 1)
TOP_K = NumberParam(1, 1000, integer=True)
MAX_TOKENS = NumberParam(1, 1_000_000, integer=True)
SEED = NumberParam(-(2**63), 2**63 - 1, integer=True)
PENALTY = NumberParam(-2, 2)

# The sampling params that OpenAI's and Google's APIs (and so the offline provider) take alike;
# each adds its own `stop` limit, Google `top_k` too.
SAMPLING: dict[str, ParamSpec] = {
    "temperature": TEMPERATURE,
    "top_p": TOP_P,
    "max_tokens": MAX_TOKENS,
    "seed": SEED,
    "presence_penalty": PENALTY,
    "frequency_penalty": PENALTY,
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def param_problems(
    params: Mapping[str, Any], *, specs: Mapping[str, ParamSpec], label: str
) -> dict[str, list[str]]:
    """`{"params.<key>": [message]}` for every unknown key and every unusable value."""
    problems: dict[str, list[str]] = {}
    for key, value in params.items():
        problem: str | None
        spec = specs.get(key)
        if spec is None:
            allowed = ", ".join(sorted(specs)) or "none"
            problem = f"Unknown parameter for {label}; allowed: {allowed}."
        elif value is None:
            continue  # "not set": the provider's own default applies
        else:
            problem = spec.problem(value)
        if problem:
            problems[f"params.{key}"] = [problem]
    return problems
