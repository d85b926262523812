"""Account writes racing each other: each forced at the moment between a check and its write."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.models import User, Workspace
from aiagency.errors import ConflictError
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_registration_racing_another_for_the_same_email_is_a_conflict(monkeypatch) -> None:
    """A form sent twice (a double click): both registrations find the email free while they
    hash the password, and the other one is recorded first. This one is refused as a taken email
    is, naming the field; it was a 500 (the unique constraint's IntegrityError)."""
    prepare = services._prepare_new_account

    def the_other_registers_meanwhile(candidate: User, password: str) -> None:
        prepare(candidate, password)
        UserFactory(email=candidate.email)

    monkeypatch.setattr(services, "_prepare_new_account", the_other_registers_meanwhile)

    with pytest.raises(ConflictError) as refused:
        services.user_register(email="nia@example.com", password=PASSWORD, first_name="Nia")

    assert list(refused.value.errors) == ["email"]
    assert User.objects.filter(email="nia@example.com").count() == 1


def test_a_workspace_named_like_one_created_meanwhile_takes_the_next_slug(monkeypatch) -> None:
    """Two people named Nia register at once: both personal workspaces find "nias-workspace"
    free, and the other one takes it first. This one takes the next free slug; it was a 500."""
    unique_slug = services._unique_workspace_slug

    def taken_meanwhile(name: str) -> str:
        monkeypatch.setattr(services, "_unique_workspace_slug", unique_slug)
        slug = unique_slug(name)
        services.workspace_create(user=UserFactory(), name=name)
        return slug

    monkeypatch.setattr(services, "_unique_workspace_slug", taken_meanwhile)

    nia = services.user_register(email="nia@example.com", password=PASSWORD, first_name="Nia")

    slugs = Workspace.objects.filter(name="Nia's workspace").values_list("slug", flat=True)
    assert sorted(slugs) == ["nias-workspace", "nias-workspace-2"]
    assert Workspace.objects.get(memberships__user=nia).slug == "nias-workspace-2"
