"""OWASP API2 (authentication), API4 (resource consumption), API8 (misconfiguration) and secrets:
the controls docs/security.md lists, each checked here."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import ApiKey, Role, User, Workspace
from generations.models import ProviderCredential
from templates_app.services.sandbox import MAX_SOURCE_CHARS
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, TemplateFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def owner(workspace: Workspace) -> User:
    return MembershipFactory(workspace=workspace, role=Role.OWNER).user


# --- API4: resource limits ----------------------------------------------------------------------
def test_page_size_is_capped(owner: User, workspace: Workspace, settings) -> None:
    settings.API_MAX_PAGE_SIZE = 3
    for _ in range(5):
        TemplateFactory(workspace=workspace)
    response = client_for(owner).get("/api/templates/?page_size=100000")
    assert response.status_code == 200
    assert response.json()["count"] == 5
    assert len(response.json()["results"]) == 3


def test_the_default_page_size_cap_is_set() -> None:
    assert 0 < settings.API_MAX_PAGE_SIZE <= 1000
    assert (
        settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] == "aiagency.pagination.ApiPagination"
    )


def test_an_oversized_request_body_is_refused_before_it_is_read(
    owner: User, workspace: Workspace, settings
) -> None:
    settings.API_MAX_REQUEST_BYTES = 10_000
    response = client_for(owner).post(
        "/api/templates/", {"workspace": workspace.pk, "name": "Big", "body": "x" * 20_000}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_request_and_form_limits_are_configured() -> None:
    assert settings.API_MAX_REQUEST_BYTES <= 64 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 16 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 10_000


def test_a_template_body_has_a_size_limit(owner: User, workspace: Workspace) -> None:
    response = client_for(owner).post(
        "/api/templates/",
        {"workspace": workspace.pk, "name": "Big", "body": "x" * (MAX_SOURCE_CHARS + 1)},
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]


def test_a_template_has_a_bounded_number_of_variables(owner: User, workspace: Workspace) -> None:
    variables = [{"name": f"v{n}", "required": False} for n in range(51)]
    response = client_for(owner).post(
        "/api/templates/",
        {"workspace": workspace.pk, "name": "Many", "body": "x", "variables": variables},
    )
    assert response.status_code == 400
    assert "variables" in response.json()["error"]["fields"]


def test_an_import_file_has_a_size_limit(owner: User, workspace: Workspace, monkeypatch) -> None:
    import io

    from templates_app import views

    monkeypatch.setattr(views, "MAX_IMPORT_BYTES", 100)
    upload = io.BytesIO(b'{"name": "x", "body": "' + b"y" * 200 + b'"}')
    upload.name = "big.json"
    response = client_for(owner).post(
        "/api/templates/import/",
        {"file": [upload], "workspace": workspace.pk},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


# --- API2: authentication -----------------------------------------------------------------------
def test_token_lifetimes_rotation_and_blacklist_are_configured() -> None:
    jwt = settings.SIMPLE_JWT
    assert jwt["ACCESS_TOKEN_LIFETIME"] <= timedelta(minutes=60)
    assert jwt["REFRESH_TOKEN_LIFETIME"] <= timedelta(days=30)
    assert jwt["ROTATE_REFRESH_TOKENS"] and jwt["BLACKLIST_AFTER_ROTATION"]
    assert "rest_framework_simplejwt.token_blacklist" in settings.INSTALLED_APPS


def test_an_expired_access_token_is_refused(owner: User) -> None:
    token = AccessToken.for_user(owner)
    token.set_exp(lifetime=-timedelta(seconds=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/me/").status_code == 401


def test_a_refresh_token_works_once_and_not_after_logout(api_client: APIClient) -> None:
    user = UserFactory()
    pair = api_client.post("/api/auth/token/", {"email": user.email, "password": PASSWORD}).json()
    rotated = api_client.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]})
    assert rotated.status_code == 200
    reused = api_client.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]})
    assert reused.status_code == 401
    new_refresh = rotated.json()["refresh"]
    assert api_client.post("/api/auth/logout/", {"refresh": new_refresh}).status_code == 205
    after = api_client.post("/api/auth/token/refresh/", {"refresh": new_refresh})
    assert after.status_code == 401


def test_a_wrong_password_is_401_without_saying_which_part_was_wrong(
    api_client: APIClient,
) -> None:
    user = UserFactory()
    wrong = api_client.post("/api/auth/token/", {"email": user.email, "password": "nope-nope"})
    unknown = api_client.post("/api/auth/token/", {"email": "no@example.com", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


def test_api_keys_are_stored_hashed_and_shown_once(owner: User, workspace: Workspace) -> None:
    client = client_for(owner)
    created = client.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "ci"}).json()
    raw = created["key"]
    key = ApiKey.objects.get(pk=created["id"])
    assert key.hashed_key == hashlib.sha256(raw.encode()).hexdigest()
    # The raw key is in no column of any row of the table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apikey")
        assert raw not in json.dumps(cursor.fetchall(), default=str)
    listed = client.get(f"/api/workspaces/{workspace.pk}/api-keys/").json()
    assert raw not in json.dumps(listed)
    assert all("key" not in item for item in listed["results"])


def test_a_revoked_or_expired_api_key_is_refused(owner: User, workspace: Workspace) -> None:
    client = client_for(owner)
    raw = client.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "ci"}).json()["key"]
    by_key = APIClient()
    by_key.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert by_key.get("/api/me/").status_code == 200
    key = ApiKey.objects.get(hashed_key=hashlib.sha256(raw.encode()).hexdigest())
    ApiKey.objects.filter(pk=key.pk).update(expires_at="2001-01-01T00:00:00Z")
    assert by_key.get("/api/me/").status_code == 401
    ApiKey.objects.filter(pk=key.pk).update(expires_at=None)
    client.delete(f"/api/workspaces/{workspace.pk}/api-keys/{key.pk}/")
    assert by_key.get("/api/me/").status_code == 401


# --- secrets never logged nor returned ----------------------------------------------------------
def _all_log_text(records: list[logging.LogRecord]) -> str:
    return "\n".join(f"{record.getMessage()} {record.__dict__!r}" for record in records)


def test_secrets_are_never_logged(
    caplog: pytest.LogCaptureFixture, api_client: APIClient, owner: User, workspace: Workspace
) -> None:
    caplog.set_level(logging.DEBUG)
    password = "a-very-secret-passphrase-42"
    api_client.post("/api/auth/register/", {"email": "log@example.com", "password": password})
    api_client.post("/api/auth/token/", {"email": "log@example.com", "password": password})
    api_client.post("/api/auth/token/", {"email": "log@example.com", "password": password + "x"})
    client = client_for(owner)
    raw_key = client.post(f"/api/workspaces/{workspace.pk}/api-keys/", {"name": "ci"}).json()["key"]
    by_key = APIClient()
    by_key.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    by_key.get("/api/me/")
    provider_secret = "sk-provider-secret-0000-9876"
    stored = client.post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "openai", "api_key": provider_secret},
    )
    assert stored.status_code == 201
    logged = _all_log_text(caplog.records)
    assert caplog.records, "the requests above log something; the check must see it"
    for secret in (password, raw_key, provider_secret):
        assert secret not in logged


def test_a_provider_key_is_never_returned_nor_stored_in_clear(
    owner: User, workspace: Workspace
) -> None:
    secret = "sk-provider-secret-1111-2345"
    client = client_for(owner)
    created = client.post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "openai", "api_key": secret},
    )
    listed = client.get("/api/provider-credentials/")
    assert secret not in created.content.decode() + listed.content.decode()
    assert created.json()["api_key_last4"] == "2345"
    credential = ProviderCredential.objects.get(workspace=workspace)
    assert secret not in credential.encrypted_api_key


def test_the_users_password_hash_is_never_returned(owner: User) -> None:
    body = client_for(owner).get("/api/me/").content.decode()
    assert "password" not in body and owner.password not in body


# --- API8: security headers and production settings --------------------------------------------
def test_security_headers_on_api_answers(owner: User) -> None:
    response = client_for(owner).get("/api/me/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_settings_pass_the_deploy_check_with_hsts() -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "api.example.com",
    }
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    hsts, redirect, session_secure, csrf_secure, debug = shown.stdout.splitlines()[-1].split()
    assert int(hsts) >= 31_536_000
    assert (redirect, session_secure, csrf_secure, debug) == ("True", "True", "True", "False")
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
