"""Asking for generations: validating and recording them, and steering them afterwards.

A generation is recorded with its prompts already rendered, so what was asked is on record even if
it never runs; `runs.py` takes it from there. One that a worker runs is recorded `queued`; one that
the request itself runs (sync or streamed) is recorded already claimed by that request.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User, Workspace
from aiagency.celery import send_after_commit
from aiagency.errors import ConflictError, DomainError
from generations.models import Generation
from generations.providers import PROVIDERS
from generations.services.catalogue import default_model
from generations.services.credentials import provider_for, workspace_credentials
from generations.services.manager import Target
from generations.services.quotas import check_quotas, quota_settle
from templates_app.models import Template, TemplateVersion
from templates_app.services.prompts import render_version

Status = Generation.Status
RUN_BY_THE_REQUEST = (Generation.Mode.SYNC, Generation.Mode.STREAM)


@dataclass(frozen=True)
class GenerationInput:
    """A validated request for a generation (see `GenerationCreateSerializer`)."""

    template: Template
    variables: dict[str, Any]
    version: int | None = None
    provider: str | None = None
    model: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    mode: str = Generation.Mode.SYNC
    cache: bool = True

    def fingerprint(self) -> str:
        """What makes two requests "the same" for `Idempotency-Key`."""
        material = [
            self.template.pk,
            self.version,
            self.variables,
            self.provider,
            self.model,
            self.params,
            self.mode,
            self.cache,
        ]
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


# --- creating -------------------------------------------------------------------------------------
def claim_fields() -> dict[str, Any]:
    """A runner's claim: `running`, under a new token that only it holds (see runs.py)."""
    return {"status": Status.RUNNING, "run_token": uuid.uuid4().hex, "started_at": timezone.now()}


def _version_of(template: Template, number: int | None) -> TemplateVersion:
    if number is None:
        version = template.current_version
        if version is None:
            raise DomainError("This template has no version yet.", field="template")
        version.template = template  # known already: the answer names it without a query
        return version
    version = template.versions.filter(number=number).first()
    if version is None:
        raise DomainError(f"Template {template.slug!r} has no version {number}.", field="version")
    return version


def fallback_chain(
    *, provider: str | None, model: str | None, version: TemplateVersion, workspace: Workspace
) -> list[Target]:
    """The targets to try in order: the request's, the template's default, the workspace's
    default, and the server's default when none of those is usable. Steps naming a provider
    that is not configured here (no key or base URL) are skipped, except the request's, which is
    refused. Duplicates are dropped; a step naming a provider but no model takes that provider's
    first catalogue model."""
    stored = workspace_credentials(workspace=workspace)

    def configured(name: str) -> bool:
        return provider_for(provider=name, credentials=stored).is_configured

    if provider and not configured(provider):
        raise DomainError(
            f"The provider {provider!r} is not configured: set its key (or base URL) on the "
            "server or store one for this workspace.",
            field="provider",
        )
    defaults = version.defaults or {}
    steps = [
        (provider, model),
        (defaults.get("provider"), defaults.get("model")),
        (workspace.default_provider, workspace.default_model),
    ]
    chain: list[Target] = []
    for step_provider, step_model in steps:
        if step_provider not in PROVIDERS or not configured(step_provider):
            continue
        step_model = step_model or default_model(step_provider)
        target = Target(step_provider, step_model) if step_model else None
        if target and target not in chain:
            chain.append(target)
    return chain or [Target(settings.DEFAULT_AI_PROVIDER, settings.DEFAULT_AI_MODEL)]


def _replay(*, workspace: Workspace, user: User, key: str, fingerprint: str) -> Generation | None:
    existing = Generation.objects.filter(
        workspace=workspace, user=user, idempotency_key=key
    ).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise ConflictError(
            "This Idempotency-Key was already used with a different request.",
            field="Idempotency-Key",
        )
    return existing


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
    with nothing to replay hands it to `runs.generation_run_claimed` as it is, which records it
    (in one INSERT with the outcome when the result cache answers)."""
    workspace = data.template.workspace
    version = _version_of(data.template, data.version)
    rendered = render_version(version=version, values=data.variables)
    chain = fallback_chain(
        provider=data.provider, model=data.model, version=version, workspace=workspace
    )
    params = {**(version.defaults or {}).get("params", {}), **data.params}
    generation = Generation(
        workspace=workspace,
        user=user,
        template_version=version,
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
    check_quotas(generation=generation, user=user)
    return generation


def generation_create(
    *, user: User, data: GenerationInput, idempotency_key: str | None = None
) -> tuple[Generation, bool]:
    """Prepare and record a generation (`generation_prepare`). Returns `(generation, created)`;
    a repeated `idempotency_key` with the same request returns the first generation instead."""
    workspace = data.template.workspace
    fingerprint = data.fingerprint()
    if idempotency_key:
        replayed = _replay(
            workspace=workspace, user=user, key=idempotency_key, fingerprint=fingerprint
        )
        if replayed is not None:
            return replayed, False
    generation = generation_prepare(
        user=user, data=data, idempotency_key=idempotency_key, fingerprint=fingerprint
    )
    if not idempotency_key:
        generation.save(force_insert=True)
        return generation, True
    try:
        # A savepoint, so that losing the race below leaves an enclosing transaction usable.
        with transaction.atomic():
            generation.save(force_insert=True)
    except IntegrityError:
        # Another request with the same key won the race: answer as its replay.
        quota_settle(generation=generation)  # this one will not run: release what it held
        replayed = _replay(
            workspace=workspace, user=user, key=idempotency_key, fingerprint=fingerprint
        )
        if replayed is None:
            raise
        return replayed, False
    return generation, True


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
            f"This generation is {generation.status}: only queued or running ones can be cancelled."
        )
    # What it held is free again: a call still running is not recorded when it ends.
    quota_settle(generation=generation)
    return generation


def generation_retry(
    *, generation: Generation, user: User, mode: str, idempotency_key: str | None = None
) -> tuple[Generation, bool]:
    """A new generation from the same template version, variables, provider, model and params."""
    version = generation.template_version
    first = generation.provider_chain[0] if generation.provider_chain else None
    data = GenerationInput(
        template=version.template,
        version=version.number,
        variables=generation.variables,
        provider=first[0] if first else generation.provider,
        model=first[1] if first else generation.model,
        params=generation.params,
        mode=mode,
        cache=False,
    )
    return generation_create(user=user, data=data, idempotency_key=idempotency_key)


def generation_feedback(*, generation: Generation, rating: int, feedback: str) -> Generation:
    if generation.status != Status.SUCCEEDED:
        raise DomainError("Only a succeeded generation can be rated.", field="rating")
    generation.rating = rating
    generation.feedback = feedback
    generation.save(update_fields=["rating", "feedback"])
    return generation
