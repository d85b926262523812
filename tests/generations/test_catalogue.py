from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from generations.models import ModelPrice
from generations.services import catalogue as catalogue_service
from generations.services.catalogue import CATALOGUE_FILE, catalogue_load, cost_of

pytestmark = pytest.mark.django_db


def test_the_shipped_catalogue_loads_every_provider() -> None:
    call_command("load_model_catalogue")

    providers = set(ModelPrice.objects.values_list("provider", flat=True))
    assert providers == {"openai", "anthropic", "google", "openai_compatible", "local"}
    assert ModelPrice.objects.count() == len(json.loads(CATALOGUE_FILE.read_text()))


def test_loading_again_keeps_prices_edited_in_the_admin_unless_overwritten(tmp_path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(
        json.dumps(
            [
                {
                    "provider": "openai",
                    "model": "gpt-x",
                    "context_window": 1000,
                    "input_price_per_mtok": "1.00",
                    "output_price_per_mtok": "2.00",
                }
            ]
        )
    )
    catalogue_load(path=path)
    ModelPrice.objects.update(input_price_per_mtok=Decimal("0.50"))

    assert catalogue_load(path=path) == (0, 0)
    assert ModelPrice.objects.get().input_price_per_mtok == Decimal("0.50")
    assert catalogue_load(path=path, overwrite=True) == (0, 1)
    assert ModelPrice.objects.get().input_price_per_mtok == Decimal("1.00")


def test_cost_of_an_unpriced_model_is_unknown(catalogue) -> None:
    assert cost_of(provider="openai", model="unknown", input_tokens=10, output_tokens=10) is None
    assert cost_of(
        provider="anthropic", model="claude-test", input_tokens=1_000_000, output_tokens=100_000
    ) == Decimal("4.5")


def test_an_edited_price_applies_within_a_minute_and_a_reload_at_once(
    catalogue, monkeypatch
) -> None:
    def cost() -> Decimal | None:
        return cost_of(provider="openai", model="gpt-test", input_tokens=1_000_000, output_tokens=0)

    clock = [1000.0]
    monkeypatch.setattr(catalogue_service.time, "monotonic", lambda: clock[0])
    before = cost()
    ModelPrice.objects.filter(model="gpt-test").update(input_price_per_mtok=Decimal("9"))

    assert cost() == before  # kept in memory
    clock[0] += catalogue_service.KEEP_SECONDS + 1
    assert cost() == Decimal("9")

    ModelPrice.objects.filter(model="gpt-test").update(input_price_per_mtok=Decimal("7"))
    catalogue_load(path=CATALOGUE_FILE)  # what the load command and a fresh import do
    assert cost() == Decimal("7")
