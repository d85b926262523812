"""Which provider runs a generation (the first one named decides; the offline provider is never a
fallback), and what each provider accepts as model and params."""

from __future__ import annotations

import pytest

from accounts.models import Role
from generations.models import Batch, Generation
from generations.providers import PermanentProviderError, RetryableProviderError
from tests.generations.conftest import make_template, result

pytestmark = pytest.mark.django_db


def body(of_template, **overrides) -> dict:
    return {"template": of_template.pk, "variables": {"topic": "green tea"}, **overrides}


def set_default(workspace, provider: str, model: str = "") -> None:
    workspace.default_provider, workspace.default_model = provider, model
    workspace.save(update_fields=["default_provider", "default_model"])


# --- which provider runs --------------------------------------------------------------------------
def test_the_workspace_default_local_runs_a_template_naming_none(client_as, workspace, catalogue):
    set_default(workspace, "local", "local-draft")

    data = client_as(Role.EDITOR).post("/api/generations/", body(make_template(workspace))).json()

    assert (data["status"], data["provider"]) == ("succeeded", "local")
    assert (data["requested_provider"], data["fallback_reason"]) == ("local", None)


def test_the_template_s_provider_comes_before_the_workspace_default(
    client_as, workspace, catalogue
) -> None:
    set_default(workspace, "local", "local-draft")
    template = make_template(workspace, defaults={"provider": "anthropic", "model": "claude-test"})

    response = client_as(Role.EDITOR).post("/api/generations/", body(template))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "provider_not_configured"
    assert "ANTHROPIC_API_KEY" in response.json()["error"]["message"]
    assert not Generation.objects.exists()


def test_an_unconfigured_provider_is_refused_before_any_charge(client_as, workspace, catalogue):
    workspace.daily_token_quota = 0  # spent: a charge would answer 429
    workspace.save(update_fields=["daily_token_quota"])

    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(make_template(workspace), provider="google")
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"provider": [response.json()["error"]["message"]]}


def test_a_fallback_between_real_providers_is_shown_with_its_reason(
    client_as, workspace, catalogue, scripts, settings, caplog
) -> None:
    settings.PROVIDER_MAX_RETRIES = 2
    set_default(workspace, "anthropic", "claude-test")
    template = make_template(workspace, defaults={"provider": "openai", "model": "gpt-test"})
    scripts["openai"].extend(
        [RetryableProviderError("rate limited", provider="openai", status_code=429)] * 4
    )

    data = client_as(Role.EDITOR).post("/api/generations/", body(template)).json()

    assert (data["status"], data["provider"]) == ("succeeded", "anthropic")
    assert data["requested_provider"] == "openai"
    assert data["fallback_reason"] == "openai: rate limited (HTTP 429) after 3 attempts"
    logged = [r for r in caplog.records if r.getMessage() == "generation finished"]
    assert logged[-1].fallback_reason == data["fallback_reason"]


def test_the_offline_provider_is_never_a_fallback(
    client_as, workspace, catalogue, scripts, caplog
) -> None:
    set_default(workspace, "local", "local-draft")
    template = make_template(workspace, defaults={"provider": "openai", "model": "gpt-test"})
    scripts["openai"].append(PermanentProviderError("bad key", provider="openai", status_code=401))

    data = client_as(Role.EDITOR).post("/api/generations/", body(template)).json()

    assert (data["status"], data["provider"]) == ("failed", "openai")
    assert data["provider_chain"] == [["openai", "gpt-test"]]
    assert "bad key" in data["error"]
    # The log line says why, as the record does: an operator reads it without the database.
    logged = [r for r in caplog.records if r.getMessage() == "generation finished"]
    assert logged[-1].error == data["error"]


def test_a_request_model_without_a_provider_is_the_first_named_provider_s(
    client_as, workspace, catalogue
) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(make_template(workspace), model="gpt-4o")
    )

    assert response.status_code == 400
    assert "model" in response.json()["error"]["fields"]


# --- models and params ----------------------------------------------------------------------------
def test_out_of_range_params_are_refused_naming_each(client_as, template, catalogue) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, params={"temperature": 7, "max_tokens": -5})
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"params.temperature", "params.max_tokens"}
    assert "from 0 to 2" in fields["params.temperature"][0]
    assert not Generation.objects.exists()


def test_a_number_past_a_float_s_range_is_refused_naming_it(client_as, template, catalogue) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, params={"temperature": 10**400}), format="json"
    )

    assert response.status_code == 400
    assert "from 0 to 2" in response.json()["error"]["fields"]["params.temperature"][0]


def test_unknown_params_are_refused_naming_them(client_as, template, catalogue, scripts) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/",
        body(template, provider="anthropic", model="claude-test", params={"temperature": 0.5}),
    )

    assert response.status_code == 400
    message = response.json()["error"]["fields"]["params.temperature"][0]
    assert "Unknown parameter for Anthropic" in message and "max_tokens" in message


def test_a_model_the_provider_does_not_offer_is_refused(client_as, template, catalogue) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="local", model="gpt-4o")
    )

    assert response.status_code == 400
    assert "gpt-4o" in response.json()["error"]["fields"]["model"][0]


def test_an_openai_compatible_server_takes_any_model_name(
    client_as, template, catalogue, scripts, settings
) -> None:
    settings.AI_PROVIDERS["openai_compatible"]["base_url"] = "http://127.0.0.1:9/v1"
    scripts["openai_compatible"].append(result())

    response = client_as(Role.EDITOR).post(
        "/api/generations/", body(template, provider="openai_compatible", model="my-finetune:7b")
    )

    assert response.status_code == 201
    assert response.json()["model"] == "my-finetune:7b"


# --- batches follow the same rules ----------------------------------------------------------------
def test_a_batch_on_an_unconfigured_provider_is_refused(client_as, product_template) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/batches/",
        {"template": product_template.pk, "rows": [{"product": "Teapot"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "provider_not_configured"
    assert not Batch.objects.exists()


def test_a_batch_s_params_are_checked_too(client_as, product_template, scripts) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/batches/",
        {"template": product_template.pk, "rows": [{"product": "Teapot"}], "params": {"top_k": 3}},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["params.top_k"]
