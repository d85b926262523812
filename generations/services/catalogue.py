"""The model catalogue: loaded from `generations/data/model_catalogue.json`, edited in the admin,
and the one source of every generation's cost."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generations.models import ModelPrice

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "model_catalogue.json"
MILLION = Decimal(1_000_000)
COST_QUANTUM = Decimal("0.000001")
KEEP_SECONDS = 60

_FIELDS = ("label", "context_window", "input_price_per_mtok", "output_price_per_mtok")


def catalogue_load(*, path: Path = CATALOGUE_FILE, overwrite: bool = False) -> tuple[int, int]:
    """Add the file's models that the database lacks; with `overwrite`, also reset the prices of
    those it has (otherwise prices edited in the admin are kept). Returns (created, updated)."""
    created = updated = 0
    for entry in json.loads(path.read_text()):
        values = {field: entry[field] for field in _FIELDS if field in entry}
        price, was_created = ModelPrice.objects.get_or_create(
            provider=entry["provider"], model=entry["model"], defaults=values
        )
        if was_created:
            created += 1
        elif overwrite:
            ModelPrice.objects.filter(pk=price.pk).update(**values)
            updated += 1
    forget_catalogue()
    return created, updated


@dataclass(frozen=True)
class Price:
    provider: str
    model: str
    input_per_mtok: Decimal
    output_per_mtok: Decimal
    is_active: bool


# (read at, prices): what this process read last. Every generation prices itself from the
# catalogue, so it is kept in memory rather than read from the database or even the cache.
_kept: tuple[float, list[Price]] | None = None


def catalogue_prices() -> list[Price]:
    """The catalogue, oldest entry first, read from the database at most once a minute per
    process: admin edits apply within a minute."""
    global _kept
    kept = _kept
    if kept is None or time.monotonic() - kept[0] > KEEP_SECONDS:
        prices = [
            Price(
                row.provider,
                row.model,
                row.input_price_per_mtok,
                row.output_price_per_mtok,
                row.is_active,
            )
            for row in ModelPrice.objects.order_by("id")
        ]
        kept = _kept = (time.monotonic(), prices)
    return kept[1]


def forget_catalogue() -> None:
    """Read the catalogue afresh next time (in this process)."""
    global _kept
    _kept = None


def default_model(provider: str) -> str | None:
    """The provider's first active catalogue model: what a request naming only the provider gets."""
    return next(
        (p.model for p in catalogue_prices() if p.provider == provider and p.is_active), None
    )


def cost_of(*, provider: str, model: str, input_tokens: int, output_tokens: int) -> Decimal | None:
    """USD for the tokens at the catalogue's price; None for a model the catalogue lacks."""
    price = next(
        (p for p in catalogue_prices() if (p.provider, p.model) == (provider, model)), None
    )
    if price is None:
        return None
    cost = (price.input_per_mtok * input_tokens + price.output_per_mtok * output_tokens) / MILLION
    return cost.quantize(COST_QUANTUM)
