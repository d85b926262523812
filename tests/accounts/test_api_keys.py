from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_a_key_acts_with_no_more_than_its_creators_current_role(workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    creator = MembershipFactory(workspace=workspace, role=Role.ADMIN)
    other = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    _, raw_key = api_key_create(
        workspace=workspace, user=creator.user, name="k", role=Role.ADMIN, actor_role=Role.ADMIN
    )
    key = key_client(raw_key)
    assert key.get(f"/api/workspaces/{workspace.pk}/api-keys/").status_code == 200

    demoted = client_for(owner).patch(
        f"/api/workspaces/{workspace.pk}/members/{creator.user.pk}/", {"role": "viewer"}
    )

    assert demoted.status_code == 200
    new_key = key.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "again"})
    promoted = key.patch(f"/api/workspaces/{workspace.pk}/members/{other.pk}/", {"role": "admin"})
    budget = key.patch(f"/api/workspaces/{workspace.pk}/", {"monthly_cost_budget": "1000.00"})
    me = key.get("/api/me/")
    assert [new_key.status_code, promoted.status_code, budget.status_code] == [403, 403, 403]
    assert ApiKey.objects.count() == 1
    assert [m["role"] for m in me.json()["memberships"]] == ["viewer"]


def test_a_key_stops_working_when_its_creator_leaves_the_workspace(workspace) -> None:
    membership = MembershipFactory(workspace=workspace, role=Role.ADMIN)
    _, raw_key = api_key_create(
        workspace=workspace, user=membership.user, name="k", actor_role=Role.ADMIN
    )
    key = key_client(raw_key)
    assert key.get("/api/workspaces/").status_code == 200

    membership.delete()  # not through the service, which also revokes the keys

    assert key.get("/api/workspaces/").status_code == 401


def test_a_key_of_a_deactivated_creator_is_refused(workspace) -> None:
    creator = MembershipFactory(workspace=workspace, role=Role.ADMIN).user
    _, raw_key = api_key_create(workspace=workspace, user=creator, name="k", actor_role=Role.ADMIN)

    creator.is_active = False
    creator.save(update_fields=["is_active"])

    assert key_client(raw_key).get("/api/workspaces/").status_code == 401


def test_a_key_sees_only_its_own_workspace_in_me(workspace, other_workspace) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    MembershipFactory(user=owner, workspace=other_workspace, role=Role.OWNER)
    _, raw_key = api_key_create(
        workspace=workspace, user=owner, name="k", role=Role.EDITOR, actor_role=Role.OWNER
    )

    me = key_client(raw_key).get("/api/me/")
    by_token = client_for(owner).get("/api/me/")

    assert me.status_code == 200
    assert [(m["workspace"]["id"], m["role"]) for m in me.json()["memberships"]] == [
        (workspace.pk, "editor")
    ]
    assert {m["workspace"]["id"] for m in by_token.json()["memberships"]} == {
        workspace.pk,
        other_workspace.pk,
    }


def test_a_key_authenticates_in_one_query_with_its_creators_role(workspace) -> None:
    creator = MembershipFactory(workspace=workspace, role=Role.ADMIN).user
    _, raw_key = api_key_create(workspace=workspace, user=creator, name="k", actor_role=Role.ADMIN)
    key = key_client(raw_key)
    key.get("/api/templates/")  # records last_used_at

    with CaptureQueriesContext(connection) as queries:
        listed = key.get("/api/templates/")

    assert listed.status_code == 200
    caller_reads = [
        q["sql"]
        for q in queries
        if any(f'FROM "accounts_{table}"' in q["sql"] for table in ("apikey", "user", "membership"))
    ]
    assert len(caller_reads) == 1, caller_reads
