"""The model catalogue: loaded from `generations/data/model_catalogue.json`, edited in the admin,
and the one source of every generation's cost."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from generations.models import ModelPrice

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "model_catalogue.json"
MILLION = Decimal(1_000_000)
COST_QUANTUM = Decimal("0.000001")

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
    return created, updated


def cost_of(*, provider: str, model: str, input_tokens: int, output_tokens: int) -> Decimal | None:
    """USD for the tokens at the catalogue's price; None for a model the catalogue lacks."""
    price = ModelPrice.objects.filter(provider=provider, model=model).first()
    if price is None:
        return None
    cost = (
        price.input_price_per_mtok * input_tokens + price.output_price_per_mtok * output_tokens
    ) / MILLION
    return cost.quantize(COST_QUANTUM)
