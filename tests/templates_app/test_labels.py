"""Label resolution (pure and over stored labels), moves and their history, gates by a hook."""

from __future__ import annotations

import random

import pytest

from aiagency.errors import ConflictError, DomainError
from templates_app.models import LabelMove, Template
from templates_app.services import labels as label_services
from templates_app.services.labels import (
    Arm,
    GateNotPassed,
    GateVerdict,
    label_delete,
    label_resolve,
    label_set,
    resolve_version,
)
from templates_app.services.versions import template_update
from tests.factories import TemplateFactory, UserFactory

CANARY = [Arm(version=4, weight=90), Arm(version=5, weight=10)]


def test_no_label_runs_production_when_present_else_the_latest() -> None:
    assert resolve_version(labels={}, latest=7, name=None).version == 7
    assert resolve_version(labels={}, latest=7, name=None).label is None
    chosen = resolve_version(labels={"production": [Arm(3, 100)]}, latest=7, name=None)
    assert (chosen.version, chosen.label, chosen.arm) == (3, "production", None)


def test_an_explicit_label_wins_and_an_unknown_one_is_refused_naming_label() -> None:
    labels = {"production": [Arm(3, 100)], "staging": [Arm(6, 100)]}
    assert resolve_version(labels=labels, latest=7, name="staging").version == 6
    with pytest.raises(DomainError) as refused:
        resolve_version(labels=labels, latest=7, name="client-acme")
    assert "label" in refused.value.errors


def test_a_90_10_split_over_2000_draws_lands_within_10_plus_minus_2_percent() -> None:
    rng = random.Random(16)
    draws = [
        resolve_version(labels={"production": CANARY}, latest=5, name=None, rng=rng)
        for _ in range(2000)
    ]
    canary = sum(1 for draw in draws if draw.version == 5) / len(draws)
    assert 0.08 <= canary <= 0.12
    assert {draw.arm for draw in draws} == {0, 1}


def test_split_keys_spread_90_10_and_each_key_keeps_its_arm() -> None:
    labels = {"production": CANARY}
    first = [
        resolve_version(labels=labels, latest=5, name=None, split_key=f"user-{n}", salt="1")
        for n in range(2000)
    ]
    canary = sum(1 for draw in first if draw.version == 5) / len(first)
    assert 0.08 <= canary <= 0.12
    again = [
        resolve_version(
            labels=labels,
            latest=5,
            name=None,
            split_key=f"user-{n}",
            salt="1",
            rng=random.Random(n),
        )
        for n in range(2000)
    ]
    assert again == first


def test_widening_the_canary_keeps_every_key_already_in_it() -> None:
    narrow = {"production": CANARY}
    wide = {"production": [Arm(4, 70), Arm(5, 30)]}
    keys = [f"k{n}" for n in range(500)]
    in_narrow = {
        key
        for key in keys
        if resolve_version(labels=narrow, latest=5, name=None, split_key=key).version == 5
    }
    in_wide = {
        key
        for key in keys
        if resolve_version(labels=wide, latest=5, name=None, split_key=key).version == 5
    }
    assert in_narrow < in_wide


@pytest.mark.django_db
class TestStoredLabels:
    @pytest.fixture
    def template(self) -> Template:
        template = TemplateFactory()
        template_update(
            template=template, user=None, base_version=1, data={"body": "Second {{ topic }}."}
        )
        return Template.objects.get(pk=template.pk)

    def test_resolving_reads_the_stored_labels(self, template: Template) -> None:
        assert label_resolve(template=template, name=None).version == 2
        label_set(template=template, user=None, name="production", arms=[Arm(1, 100)])
        assert label_resolve(template=template, name=None).version == 1
        label_set(template=template, user=None, name="staging", arms=[Arm(2, 100)])
        assert label_resolve(template=template, name="staging").version == 2

    def test_every_move_is_recorded_with_who_from_to_and_why(self, template: Template) -> None:
        user = UserFactory()
        label_set(template=template, user=user, name="production", arms=[Arm(1, 100)])
        label_set(
            template=template,
            user=user,
            name="production",
            arms=[Arm(1, 90), Arm(2, 10)],
            reason="canary",
        )
        _, moved = label_set(
            template=template,
            user=user,
            name="production",
            arms=[Arm(1, 90), Arm(2, 10)],
        )
        assert not moved  # the same arms again: nothing to record
        label_delete(template=template, user=user, name="production", reason="gone")
        moves = list(LabelMove.objects.filter(template=template).order_by("id"))
        assert [(m.from_arms, m.to_arms, m.reason) for m in moves] == [
            ([], [{"version": 1, "weight": 100}], ""),
            (
                [{"version": 1, "weight": 100}],
                [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}],
                "canary",
            ),
            ([{"version": 1, "weight": 90}, {"version": 2, "weight": 10}], [], "gone"),
        ]
        assert {m.user_id for m in moves} == {user.pk}

    def test_a_missing_version_is_refused_naming_version(self, template: Template) -> None:
        with pytest.raises(DomainError) as refused:
            label_set(template=template, user=None, name="staging", arms=[Arm(9, 100)])
        assert "version" in refused.value.errors

    def test_a_gated_label_moves_only_to_a_version_that_passes(
        self, template: Template, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        template.release_gates = [{"label": "production", "dataset": 1, "min_pass_rate": 0.9}]
        template.save()
        passing = {1}
        monkeypatch.setattr(
            label_services._hooks,
            "check",
            lambda _t, version, _g: GateVerdict(
                version in passing, 0.95 if version in passing else 0.5
            ),
        )
        label_set(template=template, user=None, name="production", arms=[Arm(1, 100)])
        with pytest.raises(GateNotPassed) as refused:
            label_set(template=template, user=None, name="production", arms=[Arm(2, 100)])
        assert refused.value.details["best_pass_rate"] == 0.5
        assert refused.value.status_code == 409
        # Ungated labels move freely; a forced move is recorded as such.
        label_set(template=template, user=None, name="staging", arms=[Arm(2, 100)])
        label_set(
            template=template,
            user=None,
            name="production",
            arms=[Arm(2, 100)],
            reason="hotfix",
            force=True,
        )
        last = LabelMove.objects.filter(label="production").first()
        assert (last.forced, last.reason) == (True, "hotfix")
        with pytest.raises(ConflictError):
            label_delete(template=template, user=None, name="production")

    def test_a_gate_with_no_evaluations_app_refuses(self, template: Template, monkeypatch) -> None:
        monkeypatch.setattr(label_services._hooks, "check", None)
        template.release_gates = [{"label": "production", "dataset": 1, "min_pass_rate": 0.5}]
        template.save()
        with pytest.raises(GateNotPassed) as refused:
            label_set(template=template, user=None, name="production", arms=[Arm(1, 100)])
        assert refused.value.details["best_pass_rate"] is None
