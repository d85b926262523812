from __future__ import annotations

import pytest

from accounts.models import Role
from generations.models import ProviderCredential
from generations.services import credentials
from generations.services.credentials import (
    encrypt_secret,
    provider_for,
    workspace_credentials,
)

pytestmark = pytest.mark.django_db


def test_providers_list_models_prices_configuration_and_health(client_as, catalogue) -> None:
    response = client_as(Role.VIEWER).get("/api/providers/")

    assert response.status_code == 200
    by_name = {p["name"]: p for p in response.json()}
    assert set(by_name) == {"openai", "anthropic", "google", "openai_compatible", "local"}
    assert by_name["local"]["configured"] is True
    assert by_name["local"]["is_offline"] is True
    assert "offline" in by_name["local"]["label"].lower()
    assert by_name["openai"]["configured"] is False  # no key in the test environment
    assert by_name["openai"]["health"] == "closed"
    assert by_name["openai"]["models"][0]["model"] == "gpt-test"
    assert by_name["openai"]["models"][0]["input_price_per_mtok"] == "1.0000"


def test_a_workspace_key_is_stored_encrypted_and_shown_by_its_last_4(
    client_as, workspace, catalogue
) -> None:
    admin = client_as(Role.ADMIN)
    secret = "sk-test-abcdefghijklmnop1234"

    created = admin.post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "openai", "api_key": secret},
    )
    listed = admin.get("/api/provider-credentials/")
    providers = admin.get(f"/api/providers/?workspace={workspace.pk}")

    assert created.status_code == 201, created.json()
    assert created.json()["api_key_last4"] == "1234"
    assert secret not in created.content.decode() + listed.content.decode()
    stored = ProviderCredential.objects.get()
    assert secret not in stored.encrypted_api_key
    workspace.refresh_from_db()
    adapter = provider_for(
        provider="openai", credentials=workspace_credentials(workspace=workspace)
    )
    assert adapter.api_key == secret
    openai = next(p for p in providers.json() if p["name"] == "openai")
    assert openai["configured"] is True


def test_storing_again_replaces_the_key(client_as, workspace) -> None:
    admin = client_as(Role.ADMIN)
    for secret in ["first-key-0001", "second-key-0002"]:
        admin.post(
            "/api/provider-credentials/",
            {"workspace": workspace.pk, "provider": "anthropic", "api_key": secret},
        )

    assert ProviderCredential.objects.get().api_key_last4 == "0002"


def stored_key(workspace, provider: str) -> str | None:
    """The key a generation of `workspace` would use now (its row read afresh, as a request
    reads it)."""
    workspace.refresh_from_db()
    credentials = workspace_credentials(workspace=workspace)
    return provider_for(provider=provider, credentials=credentials).api_key


def test_generations_use_a_replaced_or_deleted_key_no_more(client_as, workspace, settings) -> None:
    settings.AI_PROVIDERS = {**settings.AI_PROVIDERS, "anthropic": {"api_key": "server-key"}}
    admin = client_as(Role.ADMIN)
    admin.post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "anthropic", "api_key": "first-key-0001"},
    )
    assert stored_key(workspace, "anthropic") == "first-key-0001"

    admin.post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "anthropic", "api_key": "second-key-0002"},
    )
    assert stored_key(workspace, "anthropic") == "second-key-0002"

    deleted = admin.delete(f"/api/provider-credentials/{ProviderCredential.objects.get().pk}/")
    assert deleted.status_code == 204
    assert stored_key(workspace, "anthropic") == "server-key"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"provider": "openai", "api_key": "k"}, "workspace"),
        ({"workspace": "{ws}", "provider": "skynet", "api_key": "k"}, "provider"),
        ({"workspace": "{ws}", "provider": "openai"}, "api_key"),
        ({"workspace": "{ws}", "provider": "openai_compatible", "base_url": "nope"}, "base_url"),
        (
            {"workspace": "{ws}", "provider": "openai_compatible", "base_url": "http://127.0.0.1/"},
            "base_url",
        ),
        (
            {"workspace": "{ws}", "provider": "openai", "base_url": "http://169.254.169.254/v1"},
            "base_url",
        ),
        ({"workspace": "{ws}", "provider": "openai", "base_url": "http://10.0.0.8/v1"}, "base_url"),
    ],
)
def test_credential_bad_input_names_the_field(client_as, workspace, payload, field) -> None:
    payload = {k: (workspace.pk if v == "{ws}" else v) for k, v in payload.items()}

    response = client_as(Role.ADMIN).post("/api/provider-credentials/", payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_only_admins_store_keys_and_other_workspaces_see_nothing(
    client_as, outsider_client, workspace
) -> None:
    editor = client_as(Role.EDITOR).post(
        "/api/provider-credentials/",
        {"workspace": workspace.pk, "provider": "openai", "api_key": "k-1234"},
    )
    created = (
        client_as(Role.ADMIN)
        .post(
            "/api/provider-credentials/",
            {"workspace": workspace.pk, "provider": "openai", "api_key": "k-1234"},
        )
        .json()
    )

    assert editor.status_code == 403
    assert outsider_client.get("/api/provider-credentials/").json()["count"] == 0
    assert outsider_client.delete(f"/api/provider-credentials/{created['id']}/").status_code == 404
    assert outsider_client.get(f"/api/providers/?workspace={workspace.pk}").status_code == 404


def test_an_operator_may_allow_a_model_server_on_the_local_network(
    client_as, workspace, settings
) -> None:
    settings.PROVIDER_BASE_URL_ALLOWED_HOSTS = ["127.0.0.1"]

    response = client_as(Role.ADMIN).post(
        "/api/provider-credentials/",
        {
            "workspace": workspace.pk,
            "provider": "openai_compatible",
            "base_url": "http://127.0.0.1:11434/v1",
        },
    )

    assert response.status_code == 201
    assert ProviderCredential.objects.get().base_url == "http://127.0.0.1:11434/v1"


def test_a_fresh_process_imports_the_adapters_of_the_providers_in_use(
    workspace, settings, monkeypatch
) -> None:
    """The warm-up step (aiagency/warmup.py): the default provider, those the server has a key or
    a base URL for, and those a workspace stored a key for; not the others."""
    settings.DEFAULT_AI_PROVIDER = "local"
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai": {"api_key": "", "base_url": ""},
        "anthropic": {"api_key": "", "base_url": ""},
        "openai_compatible": {"api_key": "", "base_url": "http://models.internal/v1"},
        "google": {"api_key": "", "base_url": ""},
    }
    ProviderCredential.objects.create(
        workspace=workspace, provider="anthropic", encrypted_api_key=encrypt_secret("k-0001")
    )
    imported: list[str] = []
    monkeypatch.setattr(credentials, "provider_class", imported.append)

    credentials.import_adapters_in_use()

    assert imported == ["anthropic", "local", "openai_compatible"]
