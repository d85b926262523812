"""Queries compiled once (aiagency.queries): the same objects a queryset gives, without compiling
their SQL again on each call; on a Django release they were not written for, plain querysets."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from aiagency import queries
from aiagency.queries import LARGEST_ID, CompiledQuery, as_id
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


@pytest.mark.parametrize(
    ("version", "compiles"),
    [
        ((*queries.COMPILED_FOR, 19, "final", 0), True),
        ((6, 0, 0, "final", 0), False),
        ((5, 1, 9, "final", 0), False),
        ((queries.COMPILED_FOR[0], queries.COMPILED_FOR[1] + 1, 0, "alpha", 0), False),
    ],
)
def test_compiles_only_on_the_django_release_it_was_written_for(version, compiles) -> None:
    assert queries.compiles_on(version) is compiles


def test_on_another_django_release_each_call_runs_the_plain_queryset(
    workspace, monkeypatch
) -> None:
    template = make_template(workspace)
    monkeypatch.setattr(queries, "COMPILES", False)
    compiled = compilations(monkeypatch, SQLCompiler)
    templates = templates_with_workspace_and_version()

    found = [templates(template.pk), templates(template.pk)]

    assert [[(row.name, row.workspace.slug) for row in rows] for rows in found] == [
        [(template.name, workspace.slug)]
    ] * 2
    assert len(compiled) == 2  # compiled by the queryset on each call, nothing kept
    assert templates._compiled == {}


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
