"""Providers' names as people read them, in the answer's language.

The adapters (`generations.providers`) stay plain Python, free of Django: their `PROVIDER_LABELS`
are English. The two labels that are words rather than brand names are translated here, so the
offline draft says so in every language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from generations.providers import PROVIDER_LABELS

_TRANSLATED: dict[str, Promise] = {
    "openai_compatible": _("OpenAI-compatible server"),
    "local": _("Local (offline draft)"),
}


def provider_label(name: str) -> str:
    """The provider's label in the active language; the name itself for an unknown provider."""
    return str(_TRANSLATED.get(name) or PROVIDER_LABELS.get(name, name))
