from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def obtain_tokens(client: APIClient, email: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/auth/token/", {"email": email, "password": password})
    assert response.status_code == 200, response.json()
    return response.json()


def test_register_creates_user_owning_a_personal_workspace(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register/",
        {"email": "New.Person@Example.com", "password": PASSWORD, "first_name": "Nia"},
    )

    assert response.status_code == 201
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).role == Role.OWNER
    assert "password" not in response.json()


def test_register_refuses_a_taken_email_naming_the_field(api_client: APIClient) -> None:
    UserFactory(email="taken@example.com")

    response = api_client.post(
        "/api/auth/register/", {"email": "TAKEN@example.com", "password": PASSWORD}
    )

    assert response.status_code == 409
    assert "email" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "a@example.com"}, "password"),
        ({"email": "a@example.com", "password": "12345678"}, "password"),
    ],
)
def test_register_bad_input_names_the_field(
    api_client: APIClient, payload: dict, field: str
) -> None:
    response = api_client.post("/api/auth/register/", payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not User.objects.exists()


def test_register_can_be_switched_off(api_client: APIClient, settings) -> None:
    settings.REGISTRATION_OPEN = False

    response = api_client.post(
        "/api/auth/register/", {"email": "a@example.com", "password": PASSWORD}
    )

    assert response.status_code == 403
    assert not User.objects.exists()


def test_login_refresh_and_me(api_client: APIClient) -> None:
    user = UserFactory()
    tokens = obtain_tokens(api_client, user.email)

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get("/api/me/")
    refreshed = APIClient().post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh"] != tokens["refresh"]  # rotation


def test_login_with_a_wrong_password_is_refused(api_client: APIClient) -> None:
    user = UserFactory()

    response = api_client.post("/api/auth/token/", {"email": user.email, "password": "nope"})

    assert response.status_code == 401
    assert response.json()["error"]["code"]


def test_a_rotated_refresh_token_cannot_be_used_again(api_client: APIClient) -> None:
    tokens = obtain_tokens(api_client, UserFactory().email)
    api_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    again = api_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert again.status_code == 401


def test_logout_blacklists_the_refresh_token(api_client: APIClient) -> None:
    tokens = obtain_tokens(api_client, UserFactory().email)

    logout = api_client.post("/api/auth/logout/", {"refresh": tokens["refresh"]})
    refresh = api_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert logout.status_code == 205
    assert refresh.status_code == 401


@pytest.mark.parametrize("payload", [{}, {"refresh": "garbage"}])
def test_logout_bad_input_names_refresh(api_client: APIClient, payload: dict) -> None:
    response = api_client.post("/api/auth/logout/", payload)

    assert response.status_code == 400
    assert "refresh" in response.json()["error"]["fields"]


def test_me_lists_memberships(client_as, workspace) -> None:
    response = client_as(Role.VIEWER).get("/api/me/")

    assert response.status_code == 200
    memberships = response.json()["memberships"]
    assert [(m["workspace"]["id"], m["role"]) for m in memberships] == [(workspace.pk, "viewer")]


def test_me_needs_authentication(api_client: APIClient) -> None:
    response = api_client.get("/api/me/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_bearer_token_of_a_deactivated_or_deleted_user_is_refused(user) -> None:
    client = client_for(user)
    assert client.get("/api/me/").status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])  # at once: see test_recent_callers.py for the bound
    assert client.get("/api/me/").status_code == 401

    user.delete()
    assert client.get("/api/me/").status_code == 401


def test_a_bearer_request_reads_the_user_and_their_roles_in_one_query(
    client_as, workspace, other_workspace
) -> None:
    editor_client = client_as(Role.EDITOR)
    editor = User.objects.get(memberships__workspace=workspace)
    MembershipFactory(user=editor, workspace=other_workspace, role=Role.VIEWER)

    with CaptureQueriesContext(connection) as queries:
        listed = editor_client.get("/api/templates/")

    assert listed.status_code == 200
    caller_reads = [
        q["sql"]
        for q in queries
        if 'FROM "accounts_user"' in q["sql"] or 'FROM "accounts_membership"' in q["sql"]
    ]
    assert len(caller_reads) == 1, caller_reads
    assert '"accounts_membership"' in caller_reads[0]


def test_roles_read_with_the_user_still_decide_access(
    client_as, workspace, other_workspace
) -> None:
    viewer = client_as(Role.VIEWER)

    assert viewer.get(f"/api/workspaces/{workspace.pk}/").status_code == 200
    assert viewer.get(f"/api/workspaces/{other_workspace.pk}/").status_code == 404
    renamed = viewer.patch(f"/api/workspaces/{workspace.pk}/", {"name": "Renamed"})
    assert renamed.status_code == 403
