from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import ApiKey, Membership, User, Workspace


def workspace_roles_for_user(*, user: User) -> dict[int, str]:
    return dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))


def workspace_list(*, workspace_ids: list[int]) -> QuerySet[Workspace]:
    return Workspace.objects.filter(pk__in=workspace_ids)


def membership_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user")


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("workspace")


def api_key_list(*, workspace: Workspace) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(workspace=workspace).select_related("created_by")
