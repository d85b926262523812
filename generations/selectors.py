from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from generations.models import Generation, ModelPrice
from generations.providers import PROVIDERS
from generations.services.circuit import circuit_state
from generations.services.credentials import provider_for, workspace_credentials


def generation_list() -> QuerySet[Generation]:
    return Generation.objects.select_related("template_version__template", "user")


@dataclass(frozen=True)
class ProviderOverview:
    name: str
    label: str
    is_offline: bool
    configured: bool
    health: str
    models: list[ModelPrice]


def provider_overview(*, workspace_id: int | None) -> list[ProviderOverview]:
    """Every provider, configured with the workspace's own credentials when given."""
    credentials = workspace_credentials(workspace_id=workspace_id) if workspace_id else {}
    models_by_provider: dict[str, list[ModelPrice]] = {name: [] for name in PROVIDERS}
    for price in ModelPrice.objects.filter(is_active=True):
        models_by_provider.setdefault(price.provider, []).append(price)
    overview = []
    for name in PROVIDERS:
        adapter = provider_for(provider=name, credentials=credentials)
        overview.append(
            ProviderOverview(
                name=name,
                label=adapter.label,
                is_offline=adapter.is_offline,
                configured=adapter.is_configured,
                health=circuit_state(name).value,
                models=models_by_provider[name],
            )
        )
    return overview
