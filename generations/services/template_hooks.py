"""What the templates app asks of this one through hooks (it sits below and imports nothing from
here): whether a template's defaults fit the providers, and what its preview would run on and
cost. Registered by `GenerationsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aiagency.errors import DomainError
from generations.providers import PROVIDERS, provider_class
from generations.providers.params import param_problems
from generations.services.catalogue import cost_of
from generations.services.labels import provider_label
from generations.services.manager import Target
from generations.services.requests import (
    LOCAL,
    fallback_chain,
    named_steps,
    offered,
)
from templates_app.models import TemplateVersion
from templates_app.services.preview import RunEstimate, count_tokens


def defaults_problems(defaults: dict[str, Any]) -> dict[str, list[str]]:
    """A template's `{provider, model, params}` checked as a request naming them would be. With
    no provider named, the provider that runs it is only known then: params are refused here
    only when no provider takes them."""
    provider, model, params = defaults["provider"], defaults["model"], defaults["params"]
    if not provider:
        per_provider = [_params_problems(name, params) for name in PROVIDERS]
        # The offline provider takes every key some provider takes: its message lists them all.
        return {
            key: messages
            for key, messages in _params_problems(LOCAL, params).items()
            if all(key in problems for problems in per_provider)
        }
    if provider not in PROVIDERS:
        known = ", ".join(PROVIDERS)
        return {"provider": [_("Unknown provider; known: %(known)s.") % {"known": known}]}
    problems = _params_problems(provider, params)
    if model and not offered(provider=provider, model=model):
        problems["model"] = [
            _("%(provider)s does not offer the model '%(model)s'.")
            % {"provider": provider_label(provider), "model": model}
        ]
    return problems


def _params_problems(provider: str, params: dict[str, Any]) -> dict[str, list[str]]:
    specs = provider_class(provider).param_specs
    return param_problems(params, specs=specs, label=provider_label(provider))


def run_estimate(
    *,
    version: TemplateVersion,
    provider: str | None,
    model: str | None,
    text: str,
    output_tokens: int,
) -> RunEstimate:
    """Tokens and cost of `text` on the provider a generation would run on; when it would be
    refused (a provider not configured here), the provider named, with the reason in the line."""
    workspace = version.template.workspace
    try:
        chain = fallback_chain(provider=provider, model=model, version=version, workspace=workspace)
        target, refused = chain[0], ""
    except DomainError as error:
        named, named_model = named_steps(
            provider=provider, model=model, version=version, workspace=workspace
        )[0]
        target = Target(named, named_model or "")
        refused = error.message
    count = count_tokens(text, provider=target.provider, model=target.model)
    cost = cost_of(
        provider=target.provider,
        model=target.model,
        input_tokens=count.tokens,
        output_tokens=output_tokens,
    )
    return RunEstimate(
        provider=target.provider,
        model=target.model,
        input_tokens=count.tokens,
        token_method=count.method,
        cost=cost,
        cost_line=_cost_line(target, cost, refused),
    )


def _cost_line(target: Target, cost: Any, refused: str) -> str:
    label = provider_label(target.provider)
    if target.provider in PROVIDERS and provider_class(target.provider).is_offline:
        line = _("free: offline draft")
    elif cost is None:
        line = _("no price: %(provider)s %(model)s is not in the model catalogue") % {
            "provider": label,
            "model": target.model,
        }
    else:
        line = _("$%(cost)s on %(provider)s %(model)s") % {
            "cost": cost,
            "provider": label,
            "model": target.model,
        }
    if refused:
        return _("%(line)s (not run as it stands: %(reason)s)") % {"line": line, "reason": refused}
    return line
