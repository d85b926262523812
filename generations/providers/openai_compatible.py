"""Any server speaking OpenAI's Chat Completions API: Ollama, vLLM, LM Studio, llama.cpp.

The `openai` SDK pointed at the server's `base_url` (e.g. `http://localhost:11434/v1` for
Ollama). These servers usually need no key.
"""

from __future__ import annotations

from typing import Any

from generations.providers.base import PermanentProviderError
from generations.providers.openai import OpenAIProvider

# The SDK refuses to build a client without a key; keyless servers ignore whatever is sent.
_PLACEHOLDER_API_KEY = "not-needed"


class OpenAICompatibleProvider(OpenAIProvider):
    name = "openai_compatible"
    label = "OpenAI-compatible server"
    requires_api_key = False
    any_model = True  # whatever the server has pulled or loaded
    max_tokens_param = "max_tokens"

    @property
    def is_configured(self) -> bool:
        return self.base_url is not None

    def _client_options(self) -> dict[str, Any]:
        if self.base_url is None:
            raise PermanentProviderError("no base URL configured", provider=self.name)
        return super()._client_options()

    def _require_api_key(self) -> str:
        return self.api_key or _PLACEHOLDER_API_KEY
