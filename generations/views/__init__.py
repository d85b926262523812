"""The generations app's API views, one module per resource."""

from __future__ import annotations

from generations.views.batches import BatchViewSet
from generations.views.generations import GenerationViewSet
from generations.views.providers import ProviderCredentialViewSet, ProviderListView

__all__ = ["BatchViewSet", "GenerationViewSet", "ProviderCredentialViewSet", "ProviderListView"]
