from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiKey, Role
from accounts.services import api_key_create
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def test_created_key_is_shown_once_and_only_its_hash_is_stored(client_as, workspace) -> None:
    admin = client_as(Role.ADMIN)

    created = admin.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "CI"})
    listed = admin.get(f"/api/workspaces/{workspace.pk}/api-keys/")

    assert created.status_code == 201
    raw_key = created.json()["key"]
    stored = ApiKey.objects.get()
    assert raw_key.startswith(f"aia_{stored.prefix}_")
    assert raw_key not in stored.hashed_key
    assert "key" not in listed.json()["results"][0]
    assert listed.json()["results"][0]["prefix"] == stored.prefix


def test_a_key_authenticates_its_workspace_only(workspace, other_workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    MembershipFactory(user=owner, workspace=other_workspace, role=Role.OWNER)
    api_key, raw_key = api_key_create(
        workspace=workspace, user=owner, name="k", actor_role=Role.OWNER
    )

    client = key_client(raw_key)
    listed = client.get("/api/workspaces/")
    foreign = client.get(f"/api/workspaces/{other_workspace.pk}/")

    assert listed.status_code == 200
    assert [w["id"] for w in listed.json()["results"]] == [workspace.pk]
    assert foreign.status_code == 404
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_a_key_acts_with_its_own_role(workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    _, raw_key = api_key_create(
        workspace=workspace, user=owner, name="k", role=Role.VIEWER, actor_role=Role.OWNER
    )

    response = key_client(raw_key).patch(f"/api/workspaces/{workspace.pk}/", {"name": "Renamed"})

    assert response.status_code == 403


def test_revoked_key_is_refused(client_as, workspace) -> None:
    admin = client_as(Role.ADMIN)
    created = admin.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "k"}).json()

    revoke = admin.delete(f"/api/workspaces/{workspace.pk}/api-keys/{created['id']}/")
    response = key_client(created["key"]).get("/api/workspaces/")

    assert revoke.status_code == 204
    assert response.status_code == 401


def test_expired_key_is_refused(workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    api_key, raw_key = api_key_create(
        workspace=workspace,
        user=owner,
        name="k",
        actor_role=Role.OWNER,
        expires_at=timezone.now() + timedelta(days=1),
    )
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert key_client(raw_key).get("/api/workspaces/").status_code == 401


def test_unknown_key_is_refused(db) -> None:
    assert key_client("aia_0000_nothing").get("/api/workspaces/").status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": "k", "role": "owner"}, "role"),
        ({"name": "k", "expires_at": "yesterday"}, "expires_at"),
        ({"name": "k", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_key_creation_bad_input_names_the_field(client_as, workspace, payload, field) -> None:
    response = client_as(Role.ADMIN).post(f"/api/workspaces/{workspace.pk}/api-keys/", payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not ApiKey.objects.exists()


def test_removing_a_member_revokes_their_keys(workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    admin = MembershipFactory(workspace=workspace, role=Role.ADMIN).user
    _, raw_key = api_key_create(workspace=workspace, user=admin, name="k", actor_role=Role.ADMIN)

    removed = client_for(owner).delete(f"/api/workspaces/{workspace.pk}/members/{admin.pk}/")

    assert removed.status_code == 204
    assert key_client(raw_key).get("/api/workspaces/").status_code == 401
