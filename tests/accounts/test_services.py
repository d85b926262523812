"""Account writes racing each other: each forced at the moment between a check and its write."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.models import Membership, Role, User, Workspace
from aiagency.errors import ConflictError, DomainError, ForbiddenError
from tests.factories import PASSWORD, MembershipFactory, UserFactory

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


@pytest.mark.django_db
def test_a_workspace_renamed_to_a_slug_taken_meanwhile_is_a_conflict(
    workspace, monkeypatch
) -> None:
    """Two workspaces take the slug "acme" at once: both find it free, and the other one saves
    first. This one is a 409 naming the slug; it was a 500 from the unique constraint."""
    slug_of_another = services._slug_of_another

    def taken_meanwhile(of: Workspace, slug: str) -> bool:
        free = slug_of_another(of, slug)
        services.workspace_create(user=UserFactory(), name="Acme", slug=slug)
        return free

    monkeypatch.setattr(services, "_slug_of_another", taken_meanwhile)

    with pytest.raises(ConflictError) as refused:
        services.workspace_update(workspace=workspace, data={"slug": "acme", "name": "Acme"})

    assert "slug" in refused.value.errors
    workspace.refresh_from_db()
    assert workspace.slug != "acme" and workspace.name != "Acme"


def test_a_role_change_reads_the_member_s_role_as_it_is_now(workspace) -> None:
    """An admin opened an admin's membership to make them an editor; meanwhile an owner made
    them an owner. The change is checked against the role they have now: only an owner takes
    the owner role away (it was checked against the role the admin had read, and went through)."""
    member = MembershipFactory(workspace=workspace, role=Role.ADMIN)
    read_by_the_admin = Membership.objects.get(pk=member.pk)
    services.membership_change_role(membership=member, role=Role.OWNER, actor_role=Role.OWNER)

    with pytest.raises(ForbiddenError):
        services.membership_change_role(
            membership=read_by_the_admin, role=Role.EDITOR, actor_role=Role.ADMIN
        )

    assert Membership.objects.get(pk=member.pk).role == Role.OWNER


def test_the_last_owner_is_kept_whatever_role_was_read_before(workspace) -> None:
    """An owner opened an admin's membership to make them an editor; meanwhile they were made an
    owner and the other owner left. Demoting them now would leave the workspace without an
    owner: refused, though the membership was read as an admin's."""
    first_owner = MembershipFactory(workspace=workspace, role=Role.OWNER)
    member = MembershipFactory(workspace=workspace, role=Role.ADMIN)
    read_before = Membership.objects.get(pk=member.pk)
    services.membership_change_role(membership=member, role=Role.OWNER, actor_role=Role.OWNER)
    services.membership_remove(
        membership=first_owner, actor_role=Role.OWNER, actor=first_owner.user
    )

    with pytest.raises(DomainError, match="last owner"):
        services.membership_change_role(
            membership=read_before, role=Role.EDITOR, actor_role=Role.OWNER
        )

    assert Membership.objects.get(pk=member.pk).role == Role.OWNER


@pytest.mark.django_db
def test_adding_someone_who_is_already_a_member_is_a_conflict_naming_the_email() -> None:
    member = MembershipFactory(role=Role.EDITOR)

    with pytest.raises(ConflictError) as refused:
        services.membership_invite(
            workspace=member.workspace,
            email=member.user.email,
            role=Role.VIEWER,
            actor_role=Role.OWNER,
        )

    assert list(refused.value.errors) == ["email"]
    assert Membership.objects.get(pk=member.pk).role == Role.EDITOR
