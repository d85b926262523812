from __future__ import annotations

import pytest

from accounts.models import Membership, Role, Workspace
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.VIEWER, Role.EDITOR, Role.ADMIN, Role.OWNER]


def request_for(action: str, workspace: Workspace) -> tuple[str, str, dict]:
    """(method, path, body) for each workspace endpoint."""
    base = f"/api/workspaces/{workspace.pk}/"
    target = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    invitee = UserFactory()
    return {
        "retrieve": ("get", base, {}),
        "update": ("patch", base, {"name": "Renamed"}),
        "destroy": ("delete", base, {}),
        "members": ("get", f"{base}members/", {}),
        "invite": ("post", f"{base}members/", {"email": invitee.email, "role": "editor"}),
        "change_role": ("patch", f"{base}members/{target.pk}/", {"role": "editor"}),
        "remove_member": ("delete", f"{base}members/{target.pk}/", {}),
        "api_keys": ("get", f"{base}api-keys/", {}),
        "create_api_key": ("post", f"{base}api-keys/", {"name": "k"}),
    }[action]


# The minimum role each action needs.
MINIMUM_ROLE = {
    "retrieve": Role.VIEWER,
    "members": Role.VIEWER,
    "update": Role.ADMIN,
    "invite": Role.ADMIN,
    "change_role": Role.ADMIN,
    "remove_member": Role.ADMIN,
    "api_keys": Role.ADMIN,
    "create_api_key": Role.ADMIN,
    "destroy": Role.OWNER,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MINIMUM_ROLE))
def test_role_matrix(client_as, workspace, role: str, action: str) -> None:
    client = client_as(role)
    method, path, body = request_for(action, workspace)

    response = getattr(client, method)(path, body)

    allowed = ROLES.index(role) >= ROLES.index(MINIMUM_ROLE[action])
    if allowed:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code == 403, response.content
        assert Workspace.objects.filter(pk=workspace.pk, name=workspace.name).exists()


@pytest.mark.parametrize("action", list(MINIMUM_ROLE))
def test_another_workspace_answers_404(outsider_client, workspace, action: str) -> None:
    method, path, body = request_for(action, workspace)

    response = getattr(outsider_client, method)(path, body)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_create_makes_the_caller_owner(client_as) -> None:
    response = client_as(Role.VIEWER).post("/api/workspaces/", {"name": "Marketing"})

    assert response.status_code == 201
    assert response.json()["role"] == "owner"
    assert response.json()["slug"] == "marketing"


def test_list_covers_only_own_workspaces(client_as, workspace, other_workspace) -> None:
    response = client_as(Role.VIEWER).get("/api/workspaces/")

    assert [w["id"] for w in response.json()["results"]] == [workspace.pk]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("method", "path", "payload", "field"),
    [
        ("post", "/api/workspaces/", {}, "name"),
        ("post", "/api/workspaces/", {"name": "x", "slug": "not a slug"}, "slug"),
        ("get", "/api/workspaces/?workspace=abc", {}, "workspace"),
        ("post", "/api/workspaces/{id}/members/", {"email": "nobody@example.com"}, "email"),
        ("post", "/api/workspaces/{id}/members/", {"email": "x"}, "email"),
        ("post", "/api/workspaces/{id}/members/", {"email": "{email}", "role": "god"}, "role"),
        ("patch", "/api/workspaces/{id}/members/{member}/", {"role": "god"}, "role"),
        ("patch", "/api/workspaces/{id}/members/{member}/", {}, "role"),
        ("patch", "/api/workspaces/{id}/", {"default_provider": "skynet"}, "default_provider"),
        ("patch", "/api/workspaces/{id}/", {"monthly_cost_budget": "-1"}, "monthly_cost_budget"),
    ],
)
def test_bad_input_answers_400_naming_the_field(
    workspace, method: str, path: str, payload: dict, field: str
) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    member = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    invitee = UserFactory()
    path = path.format(id=workspace.pk, member=member.pk)
    payload = {k: v.format(email=invitee.email) for k, v in payload.items()}

    response = getattr(client_for(owner), method)(path, payload)

    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_inviting_an_existing_member_conflicts(client_as, workspace) -> None:
    member = MembershipFactory(workspace=workspace, role=Role.VIEWER).user

    response = client_as(Role.ADMIN).post(
        f"/api/workspaces/{workspace.pk}/members/", {"email": member.email}
    )

    assert response.status_code == 409
    assert "email" in response.json()["error"]["fields"]


def test_the_last_owner_cannot_be_removed_or_demoted(workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    client = client_for(owner)

    removed = client.delete(f"/api/workspaces/{workspace.pk}/members/{owner.pk}/")
    demoted = client.patch(f"/api/workspaces/{workspace.pk}/members/{owner.pk}/", {"role": "admin"})

    assert removed.status_code == 400
    assert demoted.status_code == 400
    assert Membership.objects.get(user=owner).role == Role.OWNER


def test_an_owner_can_leave_when_another_owner_remains(workspace) -> None:
    first = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    MembershipFactory(workspace=workspace, role=Role.OWNER)

    response = client_for(first).delete(f"/api/workspaces/{workspace.pk}/members/{first.pk}/")

    assert response.status_code == 204
    assert not Membership.objects.filter(user=first, workspace=workspace).exists()


def test_only_an_owner_grants_the_owner_role(client_as, workspace) -> None:
    member = MembershipFactory(workspace=workspace, role=Role.EDITOR).user

    response = client_as(Role.ADMIN).patch(
        f"/api/workspaces/{workspace.pk}/members/{member.pk}/", {"role": "owner"}
    )

    assert response.status_code == 403
    assert Membership.objects.get(user=member).role == Role.EDITOR


def test_a_viewer_may_leave_but_not_remove_others(workspace) -> None:
    viewer = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    other = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    client = client_for(viewer)

    removing_other = client.delete(f"/api/workspaces/{workspace.pk}/members/{other.pk}/")
    leaving = client.delete(f"/api/workspaces/{workspace.pk}/members/{viewer.pk}/")

    assert removing_other.status_code == 403
    assert leaving.status_code == 204


def test_an_admin_allows_self_approval_for_the_workspace(client_as, workspace) -> None:
    response = client_as(Role.ADMIN).patch(
        f"/api/workspaces/{workspace.pk}/", {"allow_self_approval": True}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["allow_self_approval"] is True
    workspace.refresh_from_db()
    assert workspace.allow_self_approval is True
