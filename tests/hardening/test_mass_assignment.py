"""Property-level authorization (OWASP API3): server-owned fields cannot be set by a client.

Each test sends values for fields the server owns (workspace of an existing object, author,
status, cost, tokens, timestamps, current version, an API key's hash and prefix, a membership's
user, staff flags) and checks in the database that none was applied.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey, Membership, Role, User, Workspace
from accounts.services import api_key_create
from generations.models import Generation, ProviderCredential
from templates_app.models import Template
from tests.conftest import client_for
from tests.factories import MembershipFactory, TemplateFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

LONG_AGO = "2001-01-01T00:00:00Z"


@pytest.fixture
def owner(workspace: Workspace) -> User:
    return MembershipFactory(workspace=workspace, role=Role.OWNER).user


@pytest.fixture
def client(owner: User) -> APIClient:
    return client_for(owner)


def test_register_cannot_make_a_staff_user(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register/",
        {
            "email": "new@example.com",
            "password": "a-long-enough-passphrase",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
        },
    )
    assert response.status_code == 201, response.content
    user = User.objects.get(email="new@example.com")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)


def test_template_author_timestamps_and_version_are_the_servers(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    other = TemplateFactory()
    response = client.post(
        "/api/templates/",
        {
            "workspace": workspace.pk,
            "name": "Mine",
            "body": "Hi.",
            "id": 999_999,
            "created_by": UserFactory().pk,
            "created_at": LONG_AGO,
            "updated_at": LONG_AGO,
            "current_version": other.current_version_id,
            "version_created": False,
        },
    )
    assert response.status_code == 201, response.content
    template = Template.objects.get(slug="mine")
    assert template.pk != 999_999
    assert template.created_by == owner
    assert template.created_at.year > 2001
    assert template.current_version.template_id == template.pk
    assert template.current_version.number == 1


def test_an_existing_templates_workspace_cannot_be_changed(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    elsewhere = MembershipFactory(user=owner, role=Role.OWNER).workspace  # the caller owns it too
    template = TemplateFactory(workspace=workspace)
    response = client.patch(
        f"/api/templates/{template.pk}/",
        {"workspace": elsewhere.pk, "base_version": 1, "created_by": owner.pk, "name": "Moved?"},
    )
    assert response.status_code == 200, response.content
    template.refresh_from_db()
    assert template.workspace == workspace
    assert template.created_by is None
    assert template.name == "Moved?"


def test_an_api_key_cannot_write_into_another_workspace_of_its_creator(
    owner: User, workspace: Workspace
) -> None:
    elsewhere = MembershipFactory(user=owner, role=Role.OWNER).workspace
    _, raw = api_key_create(
        workspace=workspace, user=owner, name="k", role=Role.ADMIN, actor_role=Role.OWNER
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = client.post("/api/templates/", {"workspace": elsewhere.pk, "name": "X", "body": "Y"})
    assert response.status_code == 400
    assert "workspace" in response.json()["error"]["fields"]
    assert not Template.objects.filter(workspace=elsewhere).exists()


def test_workspace_owner_and_timestamps_are_the_servers(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    stranger = UserFactory()
    response = client.patch(
        f"/api/workspaces/{workspace.pk}/",
        {"id": 424242, "created_by": stranger.pk, "created_at": LONG_AGO, "role": "viewer"},
    )
    assert response.status_code == 200, response.content
    workspace.refresh_from_db()
    assert workspace.created_by != stranger
    assert workspace.created_at.year > 2001
    assert Membership.objects.get(workspace=workspace, user=owner).role == Role.OWNER


def test_a_membership_change_touches_only_the_role(client: APIClient, workspace: Workspace) -> None:
    member = MembershipFactory(workspace=workspace, role=Role.VIEWER)
    someone_else = UserFactory()
    response = client.patch(
        f"/api/workspaces/{workspace.pk}/members/{member.user_id}/",
        {"role": "editor", "user": someone_else.pk, "workspace": WorkspaceFactory().pk},
    )
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.user_id, member.workspace_id, member.role) == (
        member.user.pk,
        workspace.pk,
        Role.EDITOR,
    )
    assert not Membership.objects.filter(user=someone_else).exists()


def test_an_invite_adds_the_user_named_by_email_only(
    client: APIClient, workspace: Workspace
) -> None:
    invited, other = UserFactory(), UserFactory()
    response = client.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"email": invited.email, "role": "viewer", "user": other.pk, "created_at": LONG_AGO},
    )
    assert response.status_code == 201, response.content
    assert Membership.objects.filter(workspace=workspace, user=invited).exists()
    assert not Membership.objects.filter(user=other).exists()


def test_api_key_hash_prefix_owner_and_state_are_the_servers(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    response = client.post(
        f"/api/workspaces/{workspace.pk}/api-keys/",
        {
            "name": "ci",
            "role": "viewer",
            "hashed_key": "0" * 64,
            "prefix": "deadbeef",
            "created_by": UserFactory().pk,
            "workspace": WorkspaceFactory().pk,
            "revoked_at": LONG_AGO,
            "last_used_at": LONG_AGO,
            "key": "aia_mine_chosen",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    key = ApiKey.objects.get(pk=body["id"])
    assert key.hashed_key == hashlib.sha256(body["key"].encode()).hexdigest()
    assert body["key"] != "aia_mine_chosen"
    assert key.prefix != "deadbeef"
    assert (key.created_by, key.workspace) == (owner, workspace)
    assert key.revoked_at is None and key.last_used_at is None


def test_generation_status_cost_tokens_and_owner_are_the_servers(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    template = TemplateFactory(workspace=workspace)
    stranger = UserFactory()
    response = client.post(
        "/api/generations/",
        {
            "template": template.pk,
            "variables": {"topic": "cats"},
            "provider": "local",
            "status": "failed",
            "cost": "999.99",
            "input_tokens": 999_999,
            "output_tokens": 999_999,
            "latency_ms": 1,
            "cache_hit": True,
            "output": "forged",
            "attempts": [{"forged": True}],
            "user": stranger.pk,
            "workspace": WorkspaceFactory().pk,
            "created_at": LONG_AGO,
            "rating": 5,
        },
    )
    assert response.status_code == 201, response.content
    generation = Generation.objects.get(pk=response.json()["id"])
    assert generation.status == Generation.Status.SUCCEEDED
    assert generation.cost != Decimal("999.99")
    assert generation.input_tokens != 999_999 and generation.output_tokens != 999_999
    assert generation.output != "forged"
    assert {"forged": True} not in generation.attempts
    assert (generation.user, generation.workspace) == (owner, workspace)
    assert generation.created_at.year > 2001
    assert not generation.ratings.exists()


def test_feedback_changes_only_rating_and_feedback(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    template = TemplateFactory(workspace=workspace)
    generation = Generation.objects.create(
        workspace=workspace,
        user=owner,
        template_version=template.current_version,
        rendered_prompt="p",
        provider="local",
        model="local-draft",
        status=Generation.Status.SUCCEEDED,
        output="answer",
    )
    response = client.post(
        f"/api/generations/{generation.pk}/feedback/",
        {"rating": 4, "feedback": "ok", "status": "failed", "cost": "5", "output": "forged"},
    )
    assert response.status_code == 200, response.content
    generation.refresh_from_db()
    rating = generation.ratings.get()
    assert (rating.user, rating.rating, rating.feedback) == (owner, 4, "ok")
    assert (generation.status, generation.output) == (Generation.Status.SUCCEEDED, "answer")


def test_provider_credential_derived_fields_are_the_servers(
    client: APIClient, owner: User, workspace: Workspace
) -> None:
    response = client.post(
        "/api/provider-credentials/",
        {
            "workspace": workspace.pk,
            "provider": "openai",
            "api_key": "sk-real-secret-7777",
            "api_key_last4": "0000",
            "encrypted_api_key": "forged",
            "created_by": UserFactory().pk,
        },
    )
    assert response.status_code == 201, response.content
    credential = ProviderCredential.objects.get(workspace=workspace, provider="openai")
    assert credential.api_key_last4 == "7777"
    assert credential.encrypted_api_key not in ("forged", "sk-real-secret-7777")
    assert credential.created_by == owner
