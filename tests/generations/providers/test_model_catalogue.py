"""The model catalogue data file that prices generations: well-formed, and covering every
provider the registry knows."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from generations.providers import PROVIDERS

CATALOGUE = Path(__file__).resolve().parents[3] / "generations" / "data" / "model_catalogue.json"


def test_catalogue_entries_are_complete_and_unique() -> None:
    entries = json.loads(CATALOGUE.read_text())

    keys = [(entry["provider"], entry["model"]) for entry in entries]
    assert len(keys) == len(set(keys))
    for entry in entries:
        assert set(entry) == {
            "provider",
            "model",
            "label",
            "context_window",
            "input_price_per_mtok",
            "output_price_per_mtok",
        }
        assert entry["provider"] in PROVIDERS
        assert entry["label"]
        assert isinstance(entry["context_window"], int) and entry["context_window"] > 0
        # Decimal strings, so no float rounding creeps into costs.
        for price in (entry["input_price_per_mtok"], entry["output_price_per_mtok"]):
            assert isinstance(price, str) and Decimal(price) >= 0


def test_every_provider_has_a_model_and_offline_ones_are_free() -> None:
    entries = json.loads(CATALOGUE.read_text())

    assert {entry["provider"] for entry in entries} == set(PROVIDERS)
    for entry in entries:
        if entry["provider"] in {"local", "openai_compatible"}:
            assert Decimal(entry["input_price_per_mtok"]) == 0
            assert Decimal(entry["output_price_per_mtok"]) == 0
    assert ("local", "local-draft") in {(e["provider"], e["model"]) for e in entries}
