"""AI provider adapters behind one interface (see `base`), and the registry that builds them.

Adapters import their SDKs, which are slow to import and not all needed in every process, so
the registry imports an adapter module only when that provider is first built.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection

from accounts.provider_names import PROVIDER_CHOICES, PROVIDER_LABELS, PROVIDERS
from generations.providers.base import (
    GenerationParams,
    GenerationRequest,
    GenerationResult,
    PermanentProviderError,
    Provider,
    ProviderError,
    ProviderTimeout,
    RetryableProviderError,
    StreamEnd,
    StreamEvent,
    TextDelta,
)

__all__ = [
    "PROVIDERS",
    "PROVIDER_CHOICES",
    "PROVIDER_LABELS",
    "GenerationParams",
    "GenerationRequest",
    "GenerationResult",
    "PermanentProviderError",
    "Provider",
    "ProviderError",
    "ProviderTimeout",
    "RetryableProviderError",
    "StreamEnd",
    "StreamEvent",
    "TextDelta",
    "UnknownProviderError",
    "build_provider",
    "provider_class",
]

# name -> "module:Class", imported on first use; the names are `accounts.provider_names`'s.
_REGISTRY: dict[str, str] = {
    "openai": "generations.providers.openai:OpenAIProvider",
    "anthropic": "generations.providers.anthropic:AnthropicProvider",
    "google": "generations.providers.google:GoogleProvider",
    "openai_compatible": "generations.providers.openai_compatible:OpenAICompatibleProvider",
    "local": "generations.providers.local:LocalProvider",
}


class UnknownProviderError(ValueError):
    """A provider name that is not in `PROVIDERS` (a configuration or input mistake)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown provider {name!r}; known providers: {', '.join(PROVIDERS)}")
        self.name = name


def provider_class(name: str) -> type[Provider]:
    try:
        module_name, class_name = _REGISTRY[name].split(":")
    except KeyError:
        raise UnknownProviderError(name) from None
    provider: type[Provider] = getattr(importlib.import_module(module_name), class_name)
    return provider


def build_provider(
    name: str,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    allowed_hosts: Collection[str] = (),
    connections: int | None = None,
) -> Provider:
    """A ready adapter for `name`. Nothing is checked over the network; a missing key only
    surfaces as `PermanentProviderError` on the first call (see `Provider.is_configured`).
    `allowed_hosts`: hosts on a private network it may call (see generations.outbound);
    `connections`: calls its HTTP client may have open at once, each kept alive."""
    return provider_class(name)(
        api_key=api_key, base_url=base_url, allowed_hosts=allowed_hosts, connections=connections
    )
