"""`PATCH /api/me/` (name, password) and `GET /api/auth/options/`."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.services import api_key_create
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


@pytest.mark.parametrize("open_", [True, False])
def test_options_say_whether_registration_is_open(api_client, settings, open_: bool):
    settings.REGISTRATION_OPEN = open_

    response = api_client.get("/api/auth/options/")

    assert response.status_code == 200
    assert response.json() == {"registration_open": open_}


def test_a_user_renames_themselves(user):
    response = client_for(user).patch("/api/me/", {"name": "Grace Hopper"})

    assert response.status_code == 200
    assert (response.json()["first_name"], response.json()["last_name"]) == ("Grace Hopper", "")
    user.refresh_from_db()
    assert user.get_full_name() == "Grace Hopper"


def test_first_and_last_names_apart(user):
    response = client_for(user).patch("/api/me/", {"first_name": "Grace", "last_name": "Hopper"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Grace", "Hopper")


def test_a_password_change_needs_the_current_one(user):
    client = client_for(user)

    missing = client.patch("/api/me/", {"new_password": NEW_PASSWORD})
    wrong = client.patch(
        "/api/me/", {"current_password": "not-it", "new_password": NEW_PASSWORD, "name": "X"}
    )
    right = client.patch("/api/me/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert missing.status_code == wrong.status_code == 400
    assert "current_password" in missing.json()["error"]["fields"]
    assert "current_password" in wrong.json()["error"]["fields"]
    assert right.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.first_name != "X"  # the refused change left the name alone too


def test_a_weak_new_password_names_the_field(user):
    response = client_for(user).patch(
        "/api/me/", {"current_password": PASSWORD, "new_password": "12345678"}
    )

    assert response.status_code == 400
    assert "new_password" in response.json()["error"]["fields"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_new_password_signs_in(user, api_client):
    client_for(user).patch("/api/me/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    old = api_client.post("/api/auth/token/", {"email": user.email, "password": PASSWORD})
    new = api_client.post("/api/auth/token/", {"email": user.email, "password": NEW_PASSWORD})

    assert (old.status_code, new.status_code) == (401, 200)


def test_an_api_key_cannot_change_its_creators_profile():
    membership = MembershipFactory(role=Role.ADMIN)
    _, raw_key = api_key_create(
        workspace=membership.workspace, user=membership.user, name="ci", actor_role=Role.ADMIN
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")

    response = client.patch(
        "/api/me/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "name": "Bot"}
    )

    assert response.status_code == 403
    membership.user.refresh_from_db()
    assert membership.user.check_password(PASSWORD)


def test_anonymous_callers_cannot_patch(api_client):
    assert api_client.patch("/api/me/", {"name": "x"}).status_code == 401
