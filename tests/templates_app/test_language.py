"""A template's language (BCP 47): its workspace's unless given, kept by import and export; the
demo's Portuguese examples say they are Portuguese; the offline draft writes in it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import Role, Workspace
from templates_app.models import Template
from templates_app.services.formats import collect_files
from templates_app.services.importing import template_import

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "examples" / "templates"
PORTUGUESE_SET = {
    "post-para-blog",
    "legenda-instagram",
    "email-marketing",
    "descricao-de-produto",
    "roteiro-video-curto",
    "resposta-avaliacao",
}


def _create(client, workspace: Workspace, **fields: object):
    body = {"workspace": workspace.pk, "name": "Post", "body": "Sobre {{ tema }}.", **fields}
    body.setdefault("variables", [{"name": "tema"}])
    return client.post("/api/templates/", body, format="json")


def test_a_new_template_takes_its_workspace_s_language(client_as, workspace: Workspace) -> None:
    workspace.language = "pt-br"
    workspace.save(update_fields=["language"])

    response = _create(client_as(Role.EDITOR), workspace)

    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "pt-BR"


@pytest.mark.parametrize(("given", "stored"), [("en-gb", "en-GB"), ("PT", "pt"), ("es", "es")])
def test_a_template_may_name_its_own_language(
    client_as, workspace: Workspace, given: str, stored: str
) -> None:
    response = _create(client_as(Role.EDITOR), workspace, language=given)

    assert response.status_code == 201, response.json()
    assert Template.objects.get(pk=response.json()["id"]).language == stored


@pytest.mark.parametrize("given", ["portuguese", "pt_BR", "", "p", "en-" + "x" * 40])
def test_a_language_that_is_no_tag_is_refused_naming_it(
    client_as, workspace: Workspace, given: str
) -> None:
    response = _create(client_as(Role.EDITOR), workspace, language=given)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["language"]


def test_the_demo_imports_a_portuguese_set_beside_the_english_one(workspace: Workspace) -> None:
    files, _missing = collect_files([EXAMPLES])

    report = template_import(
        workspace=workspace, user=None, files=[(str(path), path.read_bytes()) for path in files]
    )

    assert report.failures == []
    languages = dict(Template.objects.filter(workspace=workspace).values_list("slug", "language"))
    assert {slug for slug, language in languages.items() if language == "pt-BR"} == PORTUGUESE_SET
    assert {language for slug, language in languages.items() if slug not in PORTUGUESE_SET} == {
        "en"
    }


def test_export_and_import_keep_the_language(client_as, workspace: Workspace) -> None:
    client = client_as(Role.ADMIN)
    _create(client, workspace, language="pt-BR", slug="post")

    exported = client.get("/api/templates/export/", {"workspace": workspace.pk, "format": "json"})
    Template.objects.filter(slug="post").update(language="en")
    template_import(workspace=workspace, user=None, files=[("templates.json", exported.content)])

    assert Template.objects.get(slug="post").language == "pt-BR"


def test_a_portuguese_template_runs_offline_in_portuguese(client_as, workspace: Workspace) -> None:
    client = client_as(Role.EDITOR)
    template = _create(
        client, workspace, language="pt-BR", body="Escreva um post sobre {{ tema }}."
    ).json()

    response = client.post(
        "/api/generations/",
        {"template": template["id"], "variables": {"tema": "cafés especiais"}, "mode": "sync"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="pt-BR",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["provider_label"] == "Local (rascunho offline)"
    assert data["output"].startswith("Cafés especiais\n\n")
    assert "cafés especiais" in data["output"].split("\n\n", 1)[1]


@pytest.mark.parametrize(
    ("locale", "summary"),
    [
        ("pt_BR.UTF-8", "criados: 1, atualizados: 0, sem alteração: 0; com falha: 0."),
        ("C.UTF-8", "1 created, 0 updated, 0 unchanged; 0 failed."),
    ],
)
def test_the_import_command_reports_in_the_terminal_s_language(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, summary: str
) -> None:
    (tmp_path / "post.md").write_text("---\nname: Post\n---\nSobre cafés.\n")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", locale)
    out = io.StringIO()

    call_command("import_templates", str(tmp_path), workspace=workspace.slug, stdout=out)

    assert out.getvalue().strip() == summary
