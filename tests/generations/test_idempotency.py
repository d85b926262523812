"""`Idempotent`: replay-or-record for generations and batches alike, including a lost race."""

from __future__ import annotations

import pytest

from accounts.models import Role
from aiagency.errors import ConflictError
from generations.models import Generation
from generations.services.idempotency import Idempotent
from generations.services.requests import GenerationInput, generation_prepare
from generations.services.submissions import generation_submit

pytestmark = pytest.mark.django_db


def ask(template) -> GenerationInput:
    return GenerationInput(template=template, variables={"topic": "green tea"})


def idempotent(template, user, key: str | None, fingerprint: str) -> Idempotent[Generation]:
    return Idempotent(
        model=Generation,
        workspace=template.workspace,
        user=user,
        key=key,
        fingerprint=fingerprint,
        what="request",
    )


def test_a_request_that_loses_the_race_answers_the_winner_s_row(
    member, template, catalogue
) -> None:
    editor = member(Role.EDITOR)
    data = ask(template)
    winner, _ = generation_submit(user=editor, data=data, idempotency_key="k-1")
    # This request looked before the winner recorded its row: it inserts the same key.
    loser = generation_prepare(user=editor, data=data, idempotency_key="k-1")
    undone: list[bool] = []

    def insert() -> Generation:
        loser.save(force_insert=True)
        return loser

    row, created = idempotent(template, editor, "k-1", data.fingerprint()).record(
        insert, undo=lambda: undone.append(True)
    )

    assert (row.pk, created, undone) == (winner.pk, False, [True])
    assert Generation.objects.count() == 1


def test_the_same_key_with_another_request_is_a_conflict(member, template, catalogue) -> None:
    editor = member(Role.EDITOR)
    generation_submit(user=editor, data=ask(template), idempotency_key="k-1")

    with pytest.raises(ConflictError) as refused:
        idempotent(template, editor, "k-1", "another fingerprint").replay()

    assert list(refused.value.errors) == ["Idempotency-Key"]
    assert "different request" in str(refused.value)


def test_without_a_key_there_is_nothing_to_replay(member, template, catalogue) -> None:
    editor = member(Role.EDITOR)
    generation_submit(user=editor, data=ask(template), idempotency_key=None)

    assert idempotent(template, editor, None, ask(template).fingerprint()).replay() is None
