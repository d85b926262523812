"""The AI providers' names and labels, kept low in the tree: a workspace names its default provider
among them, and `generations.providers` builds the adapters behind them. Plain Python (the
adapters import it without Django)."""

from __future__ import annotations

# For choices and menus without importing any SDK; matches each adapter class's `label`.
PROVIDER_LABELS: dict[str, str] = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google Gemini",
    "openai_compatible": "OpenAI-compatible server",
    "local": "Local (offline draft)",
}

PROVIDERS: tuple[str, ...] = tuple(PROVIDER_LABELS)

# (name, label) pairs, for model and serializer choices.
PROVIDER_CHOICES: list[tuple[str, str]] = list(PROVIDER_LABELS.items())
