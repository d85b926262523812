"""Asking for generations: validating and recording them, and steering them afterwards.

A generation is recorded with its prompts already rendered, so what was asked is on record even if
it never runs; `runs.py` takes it from there. One that a worker runs is recorded `queued`; one that
the request itself runs (sync or streamed) is recorded already claimed by that request.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.celery import send_after_commit
from aiagency.errors import ConflictError, DomainError
from generations.models import Generation, GenerationRating
from generations.providers import PROVIDERS, provider_class
from generations.providers.params import param_problems
from generations.services.catalogue import catalogue_prices, default_model
from generations.services.credentials import provider_for, workspace_credentials
from generations.services.idempotency import Idempotent, fingerprint
from generations.services.labels import provider_label
from generations.services.manager import Target
from generations.services.quotas import check_quotas, quota_settle
from generations.services.result_cache import generation_cache_key, remember_lookup
from templates_app.models import Template, TemplateVersion
from templates_app.selectors import template_version_get
from templates_app.services.labels import Resolved, label_resolve
from templates_app.services.prompts import render_version

logger = logging.getLogger("generations")
Status = Generation.Status
LOCAL = "local"  # the offline draft provider: runs only where named, never as a fallback
RUN_BY_THE_REQUEST = (Generation.Mode.SYNC, Generation.Mode.STREAM)


@dataclass(frozen=True, kw_only=True)
class RunRequest:
    """What a generation, a batch, an evaluation and a comparison's target are all asked to run: a
    template's version (by number, or through a label and a canary split's key), on a provider
    and model, with params, through the cache or not."""

    template: Template
    version: int | None = None
    provider: str | None = None
    model: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    cache: bool = True
    label: str | None = None
    split_key: str | None = None

    def _version_choice(self) -> list[Any]:
        """What picks the version: the start of every request's fingerprint."""
        return [self.template.pk, self.version, self.label, self.split_key]

    def run_fields(self) -> dict[str, Any]:
        """These fields by name, for another kind of request that runs the same."""
        return {run_field.name: getattr(self, run_field.name) for run_field in fields(RunRequest)}


@dataclass(frozen=True, kw_only=True)
class GenerationInput(RunRequest):
    """A validated request for a generation (see `GenerationCreateSerializer`)."""

    variables: dict[str, Any]
    mode: str = Generation.Mode.SYNC

    def fingerprint(self) -> str:
        return fingerprint(
            [
                *self._version_choice(),
                self.variables,
                self.provider,
                self.model,
                self.params,
                self.mode,
                self.cache,
            ]
        )


# --- creating -------------------------------------------------------------------------------------
def claim_fields() -> dict[str, Any]:
    """A runner's claim: `running`, under a new token that only it holds (see runs.py)."""
    return {"status": Status.RUNNING, "run_token": uuid.uuid4().hex, "started_at": timezone.now()}


@dataclass(frozen=True)
class VersionToRun:
    """The version a request runs, the label it was resolved through ("" for none) and the arm of
    the label's canary split that was drawn (None when the label points at one version)."""

    version: TemplateVersion
    label: str = ""
    arm: int | None = None


def version_to_run(
    template: Template,
    number: int | None,
    *,
    label: str | None = None,
    split_key: str | None = None,
) -> VersionToRun:
    """The version a request names; else the one its label points at (`label_resolve`: the label
    named, else `production` when the template has one, drawn stably per `split_key` on a split);
    else the template's current one. Refused naming the field."""
    through = Resolved(version=0)  # no label
    if number is None and template.current_version_id is not None:
        through = label_resolve(template=template, name=label, split_key=split_key)
        # Without a label it is the current version, which the template has read already.
        number = through.version if through.label else None
    version = template_version_get(template=template, number=number)
    if version is None and number is None:
        raise DomainError(_("This template has no version yet."), field="template")
    if version is None:
        raise DomainError(
            _("Template '%(slug)s' has no version %(number)d.")
            % {"slug": template.slug, "number": number},
            field="version",
        )
    return VersionToRun(version=version, label=through.label or "", arm=through.arm)


class ProviderNotConfigured(DomainError):
    code = "provider_not_configured"


def _how_to_configure(name: str) -> str:
    setting = f"{name.upper()}_{'API_KEY' if provider_class(name).requires_api_key else 'BASE_URL'}"
    return _(
        "set %(setting)s on the server, or store this workspace's own credential "
        "(Settings > Providers, or POST /api/provider-credentials/)"
    ) % {"setting": setting}


def named_steps(
    *, provider: str | None, model: str | None, version: TemplateVersion, workspace: Workspace
) -> list[tuple[str, str | None]]:
    """The (provider, model) pairs named by the request, the template's defaults and the
    workspace's default, in that order; the server's default when none names a provider. A
    request naming a model but no provider means that model of the first provider named. A
    step naming no model takes its provider's first catalogue model (the server's default model
    for the server's default provider); None when there is none."""
    defaults = version.defaults or {}
    steps = [
        (provider, model),
        (defaults.get("provider"), defaults.get("model")),
        (workspace.default_provider, workspace.default_model),
    ]
    named = [(name, step_model or None) for name, step_model in steps if name]
    if not named:
        named = [(settings.DEFAULT_AI_PROVIDER, settings.DEFAULT_AI_MODEL)]
    if model and not provider:
        named[0] = (named[0][0], model)
    return [(name, step_model or _default_model(name)) for name, step_model in named]


def _default_model(provider: str) -> str | None:
    if provider == settings.DEFAULT_AI_PROVIDER:
        return default_model(provider) or settings.DEFAULT_AI_MODEL
    return default_model(provider)


def offered(*, provider: str, model: str) -> bool:
    """Whether `provider` offers `model`: a model of its catalogue entries, any name for a
    server whose models are free names (OpenAI-compatible), and any model of a provider the
    catalogue lists nothing for (there is nothing to check against)."""
    if provider_class(provider).any_model:
        return True
    models = {p.model for p in catalogue_prices() if p.provider == provider and p.is_active}
    return not models or model in models


def check_target(*, provider: str, model: str, params: dict[str, Any]) -> None:
    """Refuse a model the provider does not offer and params it does not take (naming
    `model` and each `params.<key>`)."""
    label = provider_label(provider)
    problems = param_problems(params, specs=provider_class(provider).param_specs, label=label)
    if not offered(provider=provider, model=model):
        problems["model"] = [
            f"{label} does not offer the model {model!r}; see GET /api/providers/ for its models."
        ]
    if problems:
        details = "; ".join(f"{name}: {messages[0]}" for name, messages in problems.items())
        raise DomainError(
            _("Not accepted by %(provider)s: %(details)s")
            % {"provider": label, "details": details},
            errors=problems,
        )


def fallback_chain(
    *, provider: str | None, model: str | None, version: TemplateVersion, workspace: Workspace
) -> list[Target]:
    """The targets to try in order (see `named_steps`). The first one named decides: when it
    is not configured here (no key or base URL) the request is refused, never quietly run
    elsewhere. The others are fallbacks between real providers: the offline `local` provider
    is never one, and fallbacks not configured here are left out (and logged)."""
    stored = workspace_credentials(workspace=workspace)

    def configured(name: str) -> bool:
        return provider_for(provider=name, credentials=stored).is_configured

    named = named_steps(provider=provider, model=model, version=version, workspace=workspace)
    first, first_model = named[0]
    if first not in PROVIDERS:
        raise DomainError(
            _("Unknown provider '%(provider)s'.") % {"provider": first}, field="provider"
        )
    if not configured(first):
        raise ProviderNotConfigured(
            _("The provider %(label)s (%(name)s) is not configured: %(how)s.")
            % {"label": provider_label(first), "name": first, "how": _how_to_configure(first)},
            field="provider",
        )
    if not first_model:
        raise DomainError(
            _("Name a model for %(provider)s.") % {"provider": provider_label(first)},
            field="model",
        )
    chain = [Target(first, first_model)]
    for name, step_model in named[1:]:
        if name == LOCAL or name not in PROVIDERS:
            continue
        if not configured(name):
            logger.info("fallback left out: %s is not configured", name)
            continue
        target = Target(name, step_model) if step_model else None
        if target and target not in chain:
            chain.append(target)
    return chain


def generation_prepare(
    *,
    user: User,
    data: GenerationInput,
    idempotency_key: str | None = None,
    fingerprint: str | None = None,
) -> Generation:
    """Validate and render a generation, check its user's pace and hold its maximum against its
    workspace's limits (`quotas.check_quotas`): the row to record, unsaved, and
    already claimed when the request runs it itself (sync and streamed modes). A sync request
    with nothing to replay runs it as it is (see `submissions.generation_submit`). One the
    request runs reads its cached answer with the pace, in the same round trip
    (`result_cache.remember_lookup`)."""
    workspace = data.template.workspace
    run = version_to_run(data.template, data.version, label=data.label, split_key=data.split_key)
    version = run.version
    rendered = render_version(version=version, values=data.variables)
    chain = fallback_chain(
        provider=data.provider, model=data.model, version=version, workspace=workspace
    )
    params = {**(version.defaults or {}).get("params", {}), **data.params}
    check_target(provider=chain[0].provider, model=chain[0].model, params=params)
    generation = Generation(
        workspace=workspace,
        user=user,
        template_version=version,
        label=run.label,
        label_arm=run.arm,
        variables=rendered.variables,
        rendered_prompt=rendered.prompt,
        system_prompt=rendered.system_prompt,
        provider=chain[0].provider,
        model=chain[0].model,
        params=params,
        provider_chain=[[target.provider, target.model] for target in chain],
        mode=data.mode,
        use_cache=data.cache,
        idempotency_key=idempotency_key or "",
        request_fingerprint=fingerprint or data.fingerprint(),
        **(claim_fields() if data.mode in RUN_BY_THE_REQUEST else {}),
    )
    read = (
        generation_cache_key(generation, provider=chain[0].provider, model=chain[0].model)
        if data.cache and data.mode in RUN_BY_THE_REQUEST
        else None
    )
    stored = check_quotas(generation=generation, user=user, read=read)
    if read is not None:
        remember_lookup(generation, stored)
    return generation


def generation_create(
    *, user: User, data: GenerationInput, idempotency_key: str | None = None
) -> tuple[Generation, bool]:
    """Prepare and record a generation (`generation_prepare`). Returns `(generation, created)`;
    a repeated `idempotency_key` with the same request returns the first generation instead."""
    idempotent = Idempotent.of(
        Generation, data=data, user=user, key=idempotency_key, what="request"
    )
    return idempotent.replay_or(lambda: _generation_record(user, data, idempotent))


def _generation_record(
    user: User, data: GenerationInput, idempotent: Idempotent[Generation]
) -> tuple[Generation, bool]:
    generation = generation_prepare(
        user=user,
        data=data,
        idempotency_key=idempotent.key,
        fingerprint=idempotent.fingerprint,
    )

    def insert() -> Generation:
        generation.save(force_insert=True)
        return generation

    # Losing the race, this one will not run: release what it held.
    return idempotent.record(insert, undo=lambda: quota_settle(generation=generation))


def generation_enqueue(*, generation: Generation) -> None:
    """Run the generation in a Celery worker once the current transaction has committed."""
    from generations.tasks import run_generation  # tasks import services: import at call time

    send_after_commit(run_generation, generation.pk)


# --- steering -------------------------------------------------------------------------------------
def generation_cancel(*, generation: Generation) -> Generation:
    cancelled = Generation.objects.filter(
        pk=generation.pk, status__in=[Status.QUEUED, Status.RUNNING]
    ).update(status=Status.CANCELLED, finished_at=timezone.now())
    generation.refresh_from_db()
    if not cancelled:
        raise ConflictError(
            _("This generation is %(status)s: only queued or running ones can be cancelled.")
            % {"status": generation.status}
        )
    # What it held is free again: a call still running is not recorded when it ends.
    quota_settle(generation=generation)
    return generation


def generation_feedback(
    *, generation: Generation, user: User, rating: int, feedback: str
) -> GenerationRating:
    """Create or replace `user`'s own rating of the generation (one per user)."""
    if generation.status != Status.SUCCEEDED:
        raise DomainError(_("Only a succeeded generation can be rated."), field="rating")
    given, _created = GenerationRating.objects.update_or_create(
        generation=generation, user=user, defaults={"rating": rating, "feedback": feedback}
    )
    return given
