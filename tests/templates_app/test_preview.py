"""Preview: rendering, token estimates (exact or approximate), cost from the model catalogue."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from generations.models import ModelPrice
from templates_app.services import preview
from templates_app.services.preview import count_tokens
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "body": "Write {{ words }} words about {{ topic }}.",
    "system_prompt": "You are {{ persona }}.",
    "variables": [
        {"name": "topic", "max_length": 20},
        {"name": "words", "type": "integer", "default": 300},
        {"name": "persona", "type": "choice", "choices": ["an editor", "a poet"]},
    ],
    "defaults": {"provider": "openai", "model": "gpt-4o-mini", "params": {"max_tokens": 500}},
}


@pytest.fixture
def catalogue(db: None) -> None:
    ModelPrice.objects.create(
        provider="openai",
        model="gpt-4o-mini",
        context_window=128000,
        input_price_per_mtok=Decimal("0.15"),
        output_price_per_mtok=Decimal("0.60"),
    )


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


def test_preview_renders_and_estimates(
    editor: APIClient, workspace: Workspace, catalogue: None
) -> None:
    template = TemplateFactory(workspace=workspace, content=CONTENT)
    response = editor.post(
        f"/api/templates/{template.pk}/preview/",
        {"variables": {"topic": "tea", "persona": "a poet"}},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["prompt"] == "Write 300 words about tea."
    assert body["system_prompt"] == "You are a poet."
    assert (body["model"], body["output_tokens"]) == ("gpt-4o-mini", 500)
    text = "You are a poet.\nWrite 300 words about tea."
    assert body["input_tokens"] == count_tokens(text, provider="openai", model="gpt-4o-mini").tokens
    expected = (Decimal("0.15") * body["input_tokens"] + Decimal("0.60") * 500) / 1_000_000
    assert Decimal(body["cost"]) == expected.quantize(Decimal("0.000001"))


def test_preview_of_an_unknown_model_has_no_cost(editor: APIClient, workspace: Workspace) -> None:
    template = TemplateFactory(workspace=workspace, content=CONTENT)
    response = editor.post(
        f"/api/templates/{template.pk}/preview/",
        {"variables": {"topic": "tea", "persona": "a poet"}, "model": "mystery", "version": 1},
    )
    assert response.json()["cost"] is None
    assert response.json()["token_method"] == "approximation:chars/4"


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"persona": "a poet"}, "variables.topic"),
        ({"topic": "t", "persona": "a cat"}, "variables.persona"),
        ({"topic": "t" * 21, "persona": "a poet"}, "variables.topic"),
        ({"topic": "t", "persona": "a poet", "words": "lots"}, "variables.words"),
    ],
)
def test_preview_input_errors_name_the_variable(
    editor: APIClient, workspace: Workspace, variables: dict, field: str
) -> None:
    template = TemplateFactory(workspace=workspace, content=CONTENT)
    response = editor.post(f"/api/templates/{template.pk}/preview/", {"variables": variables})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "render_error"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "render_error"),
        (
            "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
            "render_limit",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "render_limit"),
        ("{{ range(999999999)|list }}", "render_limit"),
    ],
)
def test_injection_payloads_answer_400(
    editor: APIClient, workspace: Workspace, body: str, code: str
) -> None:
    # Saved before templates were rendered when saved: a save refuses them now.
    template = TemplateFactory(
        workspace=workspace, content={"body": "-", "variables": []}, unchecked_body=body
    )
    response = editor.post(f"/api/templates/{template.pk}/preview/", {"variables": {}})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert "body" in response.json()["error"]["fields"]


def test_preview_of_a_missing_version_names_the_field(
    editor: APIClient, workspace: Workspace
) -> None:
    template = TemplateFactory(workspace=workspace)
    response = editor.post(f"/api/templates/{template.pk}/preview/", {"version": 4})
    assert response.status_code == 400
    assert "version" in response.json()["error"]["fields"]


def test_tokens_are_approximated_without_tiktoken_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "/nonexistent")
    preview._encoding.cache_clear()
    count = count_tokens("x" * 10, provider="openai", model="gpt-4o")
    assert (count.tokens, count.method) == (3, "approximation:chars/4")
    claude = count_tokens("x" * 8, provider="anthropic", model="claude-sonnet-4")
    assert (claude.tokens, claude.method) == (2, "approximation:chars/4")
    preview._encoding.cache_clear()


def test_tokens_are_exact_with_a_tiktoken_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    class Encoding:
        name = "o200k_base"

        def encode(self, text: str, disallowed_special: tuple = ()) -> list[int]:
            return [1] * len(text.split())

    monkeypatch.setattr(preview, "_encoding", lambda model: Encoding())
    count = count_tokens("three short words", provider="", model="gpt-4o")
    assert (count.tokens, count.method) == (3, "tiktoken:o200k_base")


def test_the_cost_line_follows_the_provider_that_would_run(
    editor: APIClient, workspace: Workspace, catalogue: None
) -> None:
    workspace.default_provider, workspace.default_model = "local", "local-draft"
    workspace.save(update_fields=["default_provider", "default_model"])
    content = {**CONTENT, "defaults": {"params": {"max_tokens": 500}}}
    template = TemplateFactory(workspace=workspace, content=content)

    body = editor.post(
        f"/api/templates/{template.pk}/preview/", {"variables": {"topic": "t", "persona": "a poet"}}
    ).json()

    assert (body["provider"], body["model"]) == ("local", "local-draft")
    assert body["cost_line"] == "free: offline draft"


def test_the_cost_line_says_when_the_named_provider_would_be_refused(
    editor: APIClient, workspace: Workspace, catalogue: None
) -> None:
    template = TemplateFactory(workspace=workspace, content=CONTENT)

    body = editor.post(
        f"/api/templates/{template.pk}/preview/", {"variables": {"topic": "t", "persona": "a poet"}}
    ).json()

    assert body["provider"] == "openai"
    assert body["cost_line"].startswith(f"${body['cost']} on OpenAI gpt-4o-mini (not run as")
    assert "OPENAI_API_KEY" in body["cost_line"]
