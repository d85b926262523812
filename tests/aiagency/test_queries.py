"""Queries compiled once (aiagency.queries): the same objects a queryset gives, and the same rows
an update writes, without compiling their SQL again on each call."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.sql.compiler import SQLCompiler, SQLUpdateCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from aiagency.queries import LARGEST_ID, CompiledQuery, CompiledUpdate, as_id
from generations.models import Generation
from templates_app.models import Template
from tests.factories import MembershipFactory, UserFactory
from tests.generations.conftest import make_template

pytestmark = pytest.mark.django_db


def compilations(monkeypatch, compiler: type[SQLCompiler]) -> list[SQLCompiler]:
    """The compilers that turn a query into SQL from now on."""
    compiled: list[SQLCompiler] = []
    as_sql = compiler.as_sql

    def counted(self: SQLCompiler, *args, **kwargs):
        compiled.append(self)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(compiler, "as_sql", counted)
    return compiled


def templates_with_workspace_and_version() -> CompiledQuery[Template]:
    return CompiledQuery(
        Template,
        lambda pk: Template.objects.filter(pk=pk).select_related("workspace", "current_version"),
    )


def test_compiles_once_and_answers_each_call_with_its_own_values(monkeypatch) -> None:
    first, second = UserFactory(), UserFactory()
    compiled = compilations(monkeypatch, SQLCompiler)
    users = CompiledQuery(User, lambda pk: User.objects.filter(pk=pk))

    found = [users(first.pk), users(second.pk), users(first.pk)]

    assert [[user.email for user in rows] for rows in found] == [
        [first.email],
        [second.email],
        [first.email],
    ]
    assert len(compiled) == 1


def test_related_objects_come_with_the_row(workspace) -> None:
    template = make_template(workspace)
    templates = templates_with_workspace_and_version()

    with CaptureQueriesContext(connection) as queries:
        (found,) = templates(template.pk)
        seen = (found.name, found.workspace.slug, found.current_version.variables)

    assert len(queries) == 1
    assert seen == (template.name, workspace.slug, template.current_version.variables)
    assert found.current_version.created_at == template.current_version.created_at  # converted


def test_annotations_are_set_on_each_row() -> None:
    membership = MembershipFactory()
    users = CompiledQuery(
        User,
        lambda pk: User.objects.filter(pk=pk).annotate(role=F("memberships__role")).order_by(),
    )

    (user,) = users(membership.user_id)

    assert user.role == membership.role


def test_no_row_is_an_empty_list(workspace) -> None:
    assert templates_with_workspace_and_version()(LARGEST_ID) == []


def test_a_query_whose_parameters_are_not_the_values_is_refused() -> None:
    staff = CompiledQuery(User, lambda pk: User.objects.filter(pk=pk, email__endswith="@agency"))

    with pytest.raises(ValueError, match="parameters"):
        staff(1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, 7), ("7", 7), (LARGEST_ID, LARGEST_ID), (LARGEST_ID + 1, None), (0, None), (-3, None)],
)
def test_as_id(value: object, expected: int | None) -> None:
    assert as_id(value) == expected


@pytest.mark.parametrize("value", ["seven", "7.5", 7.0, True, None, [7]])
def test_as_id_refuses_what_is_no_integer(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        as_id(value)


def running_generation(template: Template) -> Generation:
    return Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="Write about tea.",
        provider="local",
        model="local-draft",
        status=Generation.Status.RUNNING,
        run_token="held",
    )


def outcome_update() -> CompiledUpdate[Generation]:
    return CompiledUpdate(Generation, "pk", "status", "run_token")


def test_an_update_writes_each_field_as_its_field_converts_it(workspace) -> None:
    generation = running_generation(make_template(workspace))
    finished_at = timezone.now()

    updated = outcome_update()(
        (generation.pk, Generation.Status.RUNNING, "held"),
        status=Generation.Status.SUCCEEDED,
        output="Tea, steeped.",
        cost=Decimal("0.000123"),
        attempts=[{"provider": "local", "error": ""}],
        finished_at=finished_at,
    )

    generation.refresh_from_db()
    assert updated == 1
    assert (generation.status, generation.output, generation.cost) == (
        Generation.Status.SUCCEEDED,
        "Tea, steeped.",
        Decimal("0.000123"),
    )
    assert generation.attempts == [{"provider": "local", "error": ""}]
    assert generation.finished_at == finished_at


def test_an_update_whose_condition_no_longer_holds_changes_nothing(workspace) -> None:
    generation = running_generation(make_template(workspace))

    updated = outcome_update()(
        (generation.pk, Generation.Status.RUNNING, "another runner's"),
        status=Generation.Status.FAILED,
    )

    generation.refresh_from_db()
    assert updated == 0
    assert generation.status == Generation.Status.RUNNING


def test_an_update_compiles_once_per_set_of_fields_and_of_nulls(workspace, monkeypatch) -> None:
    template = make_template(workspace)
    first, second = running_generation(template), running_generation(template)
    compiled = compilations(monkeypatch, SQLUpdateCompiler)
    update = outcome_update()

    update((first.pk, Generation.Status.RUNNING, "held"), error="late", cost=Decimal(1))
    update((second.pk, Generation.Status.RUNNING, "held"), error="later", cost=Decimal(2))
    update((second.pk, Generation.Status.RUNNING, "held"), error="cleared", cost=None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.error, first.cost) == ("late", Decimal(1))
    assert (second.error, second.cost) == ("cleared", None)
    assert len(compiled) == 2  # the same fields, then one of them NULL


def test_an_update_refuses_expressions(workspace) -> None:
    generation = running_generation(make_template(workspace))

    with pytest.raises(ValueError, match="plain values"):
        outcome_update()((generation.pk, Generation.Status.RUNNING, "held"), latency_ms=F("pk"))
