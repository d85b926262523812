"""Side-by-side comparisons: one set of variables on 2 to 4 targets, each an ordinary generation.

Every target is submitted as a background generation (`generation_submit`, mode `async`): it is
validated, rendered, checked against the workspace's quotas, recorded with its own cost and run
by a worker, exactly as `POST /api/generations/` with `mode: async` would. The comparison only
records which generation runs which target. All targets are recorded in one transaction and
queued when it commits, so a refused target (its version, its provider, the quota) starts none.
`Idempotency-Key` is honoured as for generations (`Idempotent`).

The stream of a comparison polls its generations (`progress_events`: its pace, its time bound
and the per-user stream slots of batches and evaluations) and tells each target's changes apart.
A target that fails ends with its own `error` event; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from aiagency.errors import DomainError
from evaluations.models import Comparison, ComparisonTarget
from generations.models import Generation
from generations.services.batch_progress import ProgressEvent, progress_events
from generations.services.idempotency import Idempotent, fingerprint
from generations.services.requests import GenerationInput, RunRequest
from generations.services.submissions import generation_submit
from templates_app.models import Template

MIN_TARGETS = 2
MAX_TARGETS = 4
ENDED = (Generation.Status.SUCCEEDED, Generation.Status.FAILED, Generation.Status.CANCELLED)


@dataclass(frozen=True, kw_only=True)
class TargetInput(RunRequest):
    """One target of a comparison (see `ComparisonCreateSerializer`), run through the cache."""


@dataclass(frozen=True)
class ComparisonInput:
    """A validated comparison (see `ComparisonCreateSerializer`)."""

    variables: dict[str, Any]
    targets: list[TargetInput]

    @property
    def template(self) -> Template:
        """The first target's template, whose workspace the comparison runs in."""
        return self.targets[0].template

    def fingerprint(self) -> str:
        return fingerprint(
            [
                self.variables,
                *(
                    [t.template.pk, t.version, t.label, t.provider, t.model, t.params]
                    for t in self.targets
                ),
            ]
        )


def comparison_create(
    *, user: User, data: ComparisonInput, idempotency_key: str | None = None
) -> tuple[Comparison, bool]:
    """Record the comparison and one background generation per target, queued once committed;
    `(comparison, created)`: a repeated `idempotency_key` with the same request answers the
    first comparison and starts nothing. Every target runs in the first target's workspace; a
    refusal names the target's field (`targets.1.version`)."""
    targets = data.targets
    if not MIN_TARGETS <= len(targets) <= MAX_TARGETS:
        raise DomainError(
            _("Compare from %(min)d to %(max)d targets.")
            % {"min": MIN_TARGETS, "max": MAX_TARGETS},
            field="targets",
        )
    idempotent = Idempotent.of(
        Comparison, data=data, user=user, key=idempotency_key, what="comparison"
    )
    return idempotent.replay_or(lambda: _comparison_record(user, data, idempotent))


def _comparison_record(
    user: User, data: ComparisonInput, idempotent: Idempotent[Comparison]
) -> tuple[Comparison, bool]:
    workspace = data.template.workspace

    def insert() -> Comparison:
        # The comparison first: a lost race on the key is refused before anything is held.
        comparison = Comparison.objects.create(
            workspace=workspace,
            user=user,
            variables=data.variables,
            idempotency_key=idempotent.key or "",
            request_fingerprint=idempotent.fingerprint,
        )
        for index, target in enumerate(data.targets):
            generation = _target_submit(user, data.variables, index, target, workspace.pk)
            ComparisonTarget.objects.create(
                comparison=comparison, index=index, generation=generation
            )
        return comparison

    with transaction.atomic():
        return idempotent.record(insert)


def _target_submit(
    user: User, variables: dict[str, Any], index: int, target: TargetInput, workspace_id: int
) -> Generation:
    if target.template.workspace_id != workspace_id:
        raise DomainError(
            _("Every target's template must be in the same workspace."),
            field=f"targets.{index}.template",
        )
    data = GenerationInput(**target.run_fields(), variables=variables, mode=Generation.Mode.ASYNC)
    try:
        generation, _created = generation_submit(user=user, data=data, idempotency_key=None)
    except DomainError as error:
        # The same refusal (its status and code), its fields named under the target's.
        prefix = f"targets.{index}"
        named = {f"{prefix}.{name}": messages for name, messages in error.errors.items()}
        error.errors = named or {prefix: [error.message]}
        raise
    return generation


# --- the stream -----------------------------------------------------------------------------------
def comparison_events(
    *, comparison_id: int, load: Callable[[], list[dict[str, Any]]]
) -> Iterator[ProgressEvent]:
    """The comparison's events, polled: `load` reads its targets (each a dict with `index`,
    `generation` and `status`, as the API shows a target). Yields `status` `{index, generation,
    status}` when a target's generation changes status, then its `done` (succeeded) or `error`
    (failed or cancelled) with the whole target, and `end` `{comparison}` once every target has
    ended; heartbeats while nothing changes."""
    told: dict[int, str] = {}
    for event in progress_events(
        load=load,
        serialize=lambda targets: {"targets": targets},
        finished=lambda targets: all(target["status"] in ENDED for target in targets),
    ):
        if event.event == "progress" and event.data is not None:
            for target in event.data["targets"]:
                index, status = target["index"], target["status"]
                if told.get(index) == status:
                    continue
                told[index] = status
                if status not in ENDED:
                    yield ProgressEvent(
                        "status",
                        {"index": index, "generation": target["generation"], "status": status},
                    )
                else:
                    ended = "done" if status == Generation.Status.SUCCEEDED else "error"
                    yield ProgressEvent(ended, target)
        elif event.event == "done":
            yield ProgressEvent("end", {"comparison": comparison_id})
        else:
            yield event
