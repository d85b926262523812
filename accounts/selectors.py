from __future__ import annotations

from typing import TypedDict, cast

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from accounts.models import ApiKey, Invitation, Membership, User, Workspace
from aiagency.queries import CompiledQuery, as_id


def workspace_roles_for_user(*, user: User) -> dict[int, str]:
    return dict(Membership.objects.filter(user=user).order_by().values_list("workspace_id", "role"))


# One user: the model's ordering by email would only cost a sort.
_users_with_memberships = CompiledQuery(
    User,
    lambda user_id: (
        User.objects.filter(pk=user_id)
        .annotate(
            membership_workspace_id=F("memberships__workspace_id"),
            membership_role=F("memberships__role"),
        )
        .order_by()
    ),
)


class _MembershipColumns(TypedDict):
    membership_workspace_id: int | None
    membership_role: str | None


def user_with_workspace_roles(*, user_id: int | str) -> tuple[User, dict[int, str]] | None:
    """The user and their `{workspace_id: role}` in one query (what every authenticated request
    needs first, compiled once); None when there is no such user."""
    try:
        pk = as_id(user_id)
    except (TypeError, ValueError):
        return None
    # CompiledQuery types its rows as the model; these also carry the query's annotations.
    rows = cast(
        "list[WithAnnotations[User, _MembershipColumns]]",
        _users_with_memberships(pk) if pk is not None else [],
    )
    if not rows:
        return None
    roles = {
        row.membership_workspace_id: row.membership_role
        for row in rows
        if row.membership_workspace_id is not None and row.membership_role is not None
    }
    return rows[0], roles


def user_for_sign_in(*, email: str) -> User | None:
    return User.objects.filter(email=email).order_by().first()


def workspace_list(*, workspace_ids: list[int]) -> QuerySet[Workspace]:
    return Workspace.objects.filter(pk__in=workspace_ids)


def membership_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user")


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("workspace")


def api_key_list(*, workspace: Workspace) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(workspace=workspace).select_related("created_by")


class _CreatorRole(TypedDict):
    creator_role: str | None


def api_key_with_creator_role(*, hashed_key: str) -> WithAnnotations[ApiKey, _CreatorRole] | None:
    """The key with its workspace and creator, and the creator's current role in that workspace
    as `creator_role` (None when they are no longer a member), in one query."""
    creator_role = Membership.objects.filter(
        user_id=OuterRef("created_by_id"), workspace_id=OuterRef("workspace_id")
    ).values("role")[:1]
    return (
        ApiKey.objects.select_related("workspace", "created_by")
        .annotate(creator_role=Subquery(creator_role))
        .filter(hashed_key=hashed_key)
        .first()
    )


def invitation_list(*, workspace: Workspace) -> QuerySet[Invitation]:
    return Invitation.objects.filter(workspace=workspace).select_related("invited_by")


def pending_invitations(*, workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations that can still be accepted: neither accepted, revoked nor expired."""
    return invitation_list(workspace=workspace).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_by_hashed_token(*, hashed_token: str) -> Invitation | None:
    return Invitation.objects.select_related("workspace").filter(hashed_token=hashed_token).first()


def user_exists(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
