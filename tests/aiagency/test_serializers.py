"""Serializers whose fields are built once per class."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from accounts.models import Workspace
from aiagency.serializers import FieldsBuiltOnce


class WorkspaceSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = Workspace
        fields = ["id", "name", "slug", "monthly_cost_budget", "label"]

    def get_label(self, workspace: Workspace) -> str:
        return f"{workspace.name} ({workspace.slug})"


class WorkspaceSerializerBuiltOnce(FieldsBuiltOnce, WorkspaceSerializer):
    pass


def test_instances_share_nothing_but_give_what_the_plain_serializer_gives() -> None:
    first = Workspace(pk=1, name="Acme", slug="acme", monthly_cost_budget=10)
    second = Workspace(pk=2, name="Globex", slug="globex", monthly_cost_budget=None)

    one, other = WorkspaceSerializerBuiltOnce(first), WorkspaceSerializerBuiltOnce(second)

    assert one.data == WorkspaceSerializer(first).data
    assert other.data == WorkspaceSerializer(second).data
    assert one.fields["label"] is not other.fields["label"]
    assert one.fields["label"].parent is one
    assert other.fields["label"].parent is other


@pytest.mark.django_db
def test_validation_errors_stay_with_their_instance() -> None:
    invalid = WorkspaceSerializerBuiltOnce(data={"name": "", "slug": "x"})
    valid = WorkspaceSerializerBuiltOnce(data={"name": "Acme", "slug": "acme"})

    assert not invalid.is_valid()
    assert valid.is_valid(), valid.errors
    assert set(invalid.errors) == {"name"}


def test_a_nested_serializer_is_refused() -> None:
    class Nesting(FieldsBuiltOnce, serializers.Serializer):
        workspace = WorkspaceSerializer()

    with pytest.raises(TypeError, match="workspace"):
        _ = Nesting().fields


def test_fields_are_derived_from_the_model_once(monkeypatch) -> None:
    class Counted(FieldsBuiltOnce, WorkspaceSerializer):
        pass

    derived = []
    derive = serializers.ModelSerializer.get_fields

    def counted(self: serializers.ModelSerializer) -> dict:
        derived.append(self)
        return derive(self)

    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", counted)
    for pk in range(3):
        assert Counted(Workspace(pk=pk, name="A", slug="a")).data["id"] == pk

    assert len(derived) == 1
