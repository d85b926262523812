from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import Workspace
from analytics.models import HourlyRollup, RollupState
from generations.models import Generation, ModelPrice
from templates_app.models import Template

pytestmark = pytest.mark.django_db


def test_seeds_realistic_generations_and_rolls_them_up(workspace: Workspace) -> None:
    call_command("seed_generations", "--count", "400", "--workspace", workspace.slug, "--days", "5")

    rows = Generation.objects.filter(workspace=workspace)
    assert rows.count() == 400
    statuses = dict(rows.values_list("status").annotate(n=Count("id")))
    assert statuses["succeeded"] > 340 and set(statuses) <= {"succeeded", "failed", "cancelled"}
    oldest = rows.order_by("created_at").first().created_at
    assert (
        timezone.now() - timedelta(days=5, minutes=1) < oldest < timezone.now() - timedelta(days=3)
    )
    assert Template.objects.filter(workspace=workspace).count() == 5
    assert rows.values("user").distinct().count() == 4
    # Costs are the catalogue's prices; cache hits are free.
    for generation in rows.filter(status="succeeded")[:50]:
        price = ModelPrice.objects.get(provider=generation.provider, model=generation.model)
        expected = (
            Decimal(0)
            if generation.cache_hit
            else (price.input_price_per_mtok * generation.input_tokens
                  + price.output_price_per_mtok * generation.output_tokens) / 1_000_000
        )  # fmt: skip
        assert generation.cost == expected.quantize(Decimal("0.000001"))
    # Rolled up, up to the last closed hour.
    assert RollupState.objects.get().rolled_up_to is not None
    finished_before = rows.filter(created_at__lt=RollupState.objects.get().rolled_up_to).count()
    assert sum(HourlyRollup.objects.values_list("generations", flat=True)) == finished_before


def test_the_same_seed_gives_the_same_data(workspace: Workspace) -> None:
    call_command("seed_generations", "--count", "50", "--workspace", workspace.slug, "--no-rollup")
    first = list(Generation.objects.values_list("provider", "status", "input_tokens"))
    Generation.objects.all().delete()
    call_command("seed_generations", "--count", "50", "--workspace", workspace.slug, "--no-rollup")

    assert list(Generation.objects.values_list("provider", "status", "input_tokens")) == first
    assert not RollupState.objects.exists()


def test_an_unknown_workspace_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="No workspace"):
        call_command("seed_generations", "--workspace", "nope")
