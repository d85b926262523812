"""Labels: named pointers at a template's versions, the canary split, and release gates.

A label points at one version, or at two with weights (a canary). Resolving a request to a
version: the label it names, else `production` when the template has one, else the latest
version. A split draws one arm: stably per `split_key` (the key's hash puts it in a bucket from 0
to 100, so the same key keeps its arm, and widening the canary only adds keys to it), or at random
without one.

Every move is recorded (`LabelMove`: who, when, from, to, reason). A label named in the template's
`release_gates` moves only to versions with a passing evaluation; the evaluations app (above this
one) answers that through the hook it registers here (`register_gate_hooks`). An owner may force a
move past a gate with a reason, which the history keeps.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import User
from aiagency.errors import ConflictError, DomainError, NotFoundError
from templates_app.models import Label, LabelMove, Template

PRODUCTION = "production"
MAX_ARMS = 2
TOTAL_WEIGHT = 100


@dataclass(frozen=True)
class Arm:
    version: int
    weight: int

    def as_dict(self) -> dict[str, int]:
        return {"version": self.version, "weight": self.weight}


@dataclass(frozen=True)
class Resolved:
    """Which version runs, through which label (None: no label, the latest version), and which
    arm of a split was drawn (None when the label points at one version)."""

    version: int
    label: str | None = None
    arm: int | None = None


def arms_of(raw: Sequence[Mapping[str, Any]]) -> list[Arm]:
    return [Arm(version=int(arm["version"]), weight=int(arm["weight"])) for arm in raw]


# --- resolving (pure) -----------------------------------------------------------------------------
def bucket_of(key: str) -> float:
    """A stable place in [0, 100) for `key`: the first 8 bytes of its SHA-256."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * TOTAL_WEIGHT


def draw_arm(arms: Sequence[Arm], *, split_key: str | None, rng: random.Random) -> int:
    """The index of the arm drawn: by `split_key`'s bucket when given, else at random."""
    point = bucket_of(split_key) if split_key is not None else rng.random() * TOTAL_WEIGHT
    reached = 0
    for index, arm in enumerate(arms):
        reached += arm.weight
        if point < reached:
            return index
    return len(arms) - 1


def resolve_version(
    *,
    labels: Mapping[str, Sequence[Arm]],
    latest: int,
    name: str | None,
    split_key: str | None = None,
    salt: str = "",
    rng: random.Random | None = None,
) -> Resolved:
    """The version a request runs: label `name`, else `production` if present, else `latest`.
    `salt` (the template and label) keeps one key's draws independent between labels."""
    if name is None:
        if PRODUCTION not in labels:
            return Resolved(version=latest)
        name = PRODUCTION
    arms = labels.get(name)
    if not arms:
        raise DomainError(
            _("This template has no label '%(name)s'.") % {"name": name}, field="label"
        )
    if len(arms) == 1:
        return Resolved(version=arms[0].version, label=name)
    key = None if split_key is None else f"{salt}:{name}:{split_key}"
    index = draw_arm(arms, split_key=key, rng=rng or random.Random())
    return Resolved(version=arms[index].version, label=name, arm=index)


# The annotation `with_production_arms` reads a template's `production` label's arms into.
PRODUCTION_ARMS = "production_arms"
_UNREAD = object()


def with_production_arms(templates: QuerySet[Template]) -> QuerySet[Template]:
    """`templates`, each read with its `production` label's arms (None when it has none), which
    `label_resolve` then needs no query for: a request naming no label runs that label."""
    production = Label.objects.filter(template=OuterRef("pk"), name=PRODUCTION).values("arms")[:1]
    return templates.annotate(**{PRODUCTION_ARMS: Subquery(production, output_field=JSONField())})


def label_resolve(
    *,
    template: Template,
    name: str | None,
    split_key: str | None = None,
    rng: random.Random | None = None,
) -> Resolved:
    """`resolve_version` over the template's stored labels (its `production` label read along
    with it when it was, see `with_production_arms`)."""
    production: Any = getattr(template, PRODUCTION_ARMS, _UNREAD)
    if not name and production is not _UNREAD:
        labels = {PRODUCTION: arms_of(production)} if production else {}
    else:
        wanted = [name] if name else [PRODUCTION]
        stored = Label.objects.filter(template=template, name__in=wanted)
        labels = {label.name: arms_of(label.arms) for label in stored}
    if template.current_version is None:
        raise DomainError(_("This template has no version yet."), field="template")
    return resolve_version(
        labels=labels,
        latest=template.current_version.number,
        name=name,
        split_key=split_key,
        salt=str(template.pk),
        rng=rng,
    )


# --- release gates --------------------------------------------------------------------------------
@dataclass(frozen=True)
class GateVerdict:
    passed: bool
    best_pass_rate: float | None  # the best finished evaluation found; None: none


GateCheck = Callable[[Template, int, Mapping[str, Any]], GateVerdict]
DatasetCheck = Callable[[Template, int], bool]


@dataclass
class _GateHooks:
    check: GateCheck | None = None
    dataset_exists: DatasetCheck | None = None


_hooks = _GateHooks()


def register_gate_hooks(*, check: GateCheck, dataset_exists: DatasetCheck) -> None:
    """Called by the evaluations app: whether a version passes a gate, and whether a dataset
    may be named by a template's gate (it belongs to the template's workspace)."""
    _hooks.check, _hooks.dataset_exists = check, dataset_exists


class GateNotPassed(ConflictError):
    code = "gate_not_passed"

    def __init__(self, message: str, *, details: dict[str, Any]) -> None:
        super().__init__(message, field="version")
        self.details = details


def _check_gate(template: Template, version: int, gate: Mapping[str, Any]) -> None:
    if _hooks.check is None:
        verdict = GateVerdict(passed=False, best_pass_rate=None)
    else:
        verdict = _hooks.check(template, version, gate)
    if verdict.passed:
        return
    best = verdict.best_pass_rate
    found = (
        _("none was found")
        if best is None
        else _("the best found passed %(rate)s") % {"rate": f"{best:.1%}"}
    )
    raise GateNotPassed(
        _(
            "Label '%(label)s' is gated: version %(version)d needs a finished evaluation on "
            "dataset %(dataset)s passing at least %(min_pass_rate)s, and %(found)s. "
            "Run one, or (owners) force the move with a reason."
        )
        % {
            "label": gate["label"],
            "version": version,
            "dataset": gate["dataset"],
            "min_pass_rate": f"{gate['min_pass_rate']:.1%}",
            "found": found,
        },
        details={
            "label": gate["label"],
            "version": version,
            "dataset": gate["dataset"],
            "min_pass_rate": gate["min_pass_rate"],
            "best_pass_rate": best,
        },
    )


def gates_of(template: Template, name: str) -> list[Mapping[str, Any]]:
    return [gate for gate in template.release_gates or [] if gate["label"] == name]


def gates_clean(*, template: Template, gates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gates of valid shape (the serializer's) naming datasets of the template's workspace."""
    for index, gate in enumerate(gates):
        known = _hooks.dataset_exists is not None and _hooks.dataset_exists(
            template, gate["dataset"]
        )
        if not known:
            raise DomainError(
                _("Dataset %(dataset)s does not exist in this workspace.")
                % {"dataset": gate["dataset"]},
                field=f"release_gates.{index}.dataset",
            )
    labels = [gate["label"] for gate in gates]
    if len(set(zip(labels, (gate["dataset"] for gate in gates), strict=True))) != len(gates):
        raise DomainError(_("A label is gated on the same dataset twice."), field="release_gates")
    return gates


def template_set_release_gates(*, template: Template, gates: list[dict[str, Any]]) -> Template:
    template.release_gates = gates_clean(template=template, gates=gates)
    template.save(update_fields=["release_gates", "updated_at"])
    return template


# --- moving ---------------------------------------------------------------------------------------
def _check_versions_exist(template: Template, arms: Sequence[Arm]) -> None:
    wanted = {arm.version for arm in arms}
    found = set(template.versions.filter(number__in=wanted).values_list("number", flat=True))
    if missing := sorted(wanted - found):
        raise DomainError(
            _("This template has no version %(versions)s.")
            % {"versions": ", ".join(map(str, missing))},
            field="version",
        )


def _record(
    *,
    template: Template,
    name: str,
    user: User | None,
    before: list[dict[str, int]],
    after: list[dict[str, int]],
    reason: str,
    forced: bool,
) -> None:
    LabelMove.objects.create(
        template=template,
        label=name,
        user=user,
        from_arms=before,
        to_arms=after,
        reason=reason[:500],
        forced=forced,
    )


@transaction.atomic
def label_set(
    *,
    template: Template,
    user: User | None,
    name: str,
    arms: Sequence[Arm],
    reason: str = "",
    force: bool = False,
) -> tuple[Label, bool]:
    """Create or move label `name` to `arms`; `(label, moved)`. Versions new to a gated label
    must pass its gates unless `force` (the caller checked the owner role and the reason)."""
    template = Template.objects.select_for_update().get(pk=template.pk)  # one move at a time
    _check_versions_exist(template, arms)
    label = Label.objects.filter(template=template, name=name).first()
    before = list(label.arms) if label else []
    after = [arm.as_dict() for arm in arms]
    if before == after:
        return label, False  # type: ignore[return-value]
    gates = gates_of(template, name)
    if gates and not force:
        kept = {arm["version"] for arm in before}
        for arm in arms:
            if arm.version not in kept:
                for gate in gates:
                    _check_gate(template, arm.version, gate)
    if label is None:
        label = Label(template=template, name=name)
    label.arms, label.updated_by = after, user
    label.save()
    forced = bool(force and gates)
    _record(
        template=template,
        name=name,
        user=user,
        before=before,
        after=after,
        reason=reason,
        forced=forced,
    )
    return label, True


@transaction.atomic
def label_delete(
    *, template: Template, user: User | None, name: str, reason: str = "", force: bool = False
) -> None:
    """Remove label `name` (its history stays). A gated label goes only by force: removing it and
    creating it again would step around its gate."""
    template = Template.objects.select_for_update().get(pk=template.pk)
    label = Label.objects.filter(template=template, name=name).first()
    if label is None:
        raise NotFoundError(
            _("This template has no label '%(name)s'.") % {"name": name}, field="name"
        )
    gated = bool(gates_of(template, name))
    if gated and not force:
        raise ConflictError(
            _("Label '%(name)s' is gated: only an owner may delete it, with force and a reason.")
            % {"name": name},
            field="name",
        )
    before = list(label.arms)
    label.delete()
    _record(
        template=template,
        name=name,
        user=user,
        before=before,
        after=[],
        reason=reason,
        forced=gated and force,
    )
