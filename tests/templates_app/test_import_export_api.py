"""`POST /api/templates/import/` and `GET /api/templates/export/`."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.models import Template
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

RECORDS = [{"slug": "a", "name": "A", "body": "Hi"}, {"slug": "b", "name": "B", "body": "Yo"}]


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def test_import_upload_with_dry_run_then_for_real(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    client = client_as(Role.EDITOR)
    files = [upload("a.json", json.dumps(RECORDS)), upload("bad.yaml", "- [")]
    data = {"workspace": workspace.pk, "file": files, "dry_run": "true"}
    response = client.post("/api/templates/import/", data, format="multipart")
    assert response.status_code == 200, response.json()
    report = response.json()
    assert (report["dry_run"], report["created"], report["failed"]) == (True, 2, 1)
    assert report["errors"][0]["source"] == "bad.yaml"
    assert not Template.objects.exists()

    data = {"workspace": workspace.pk, "file": [upload("a.json", json.dumps(RECORDS))]}
    response = client.post("/api/templates/import/", data, format="multipart")
    assert response.json()["created"] == 2
    assert Template.objects.filter(workspace=workspace).count() == 2


def test_import_needs_a_file_and_the_editor_role(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/templates/import/", {"workspace": workspace.pk}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    data = {"workspace": workspace.pk, "file": [upload("a.json", json.dumps(RECORDS))]}
    response = client_as(Role.VIEWER).post("/api/templates/import/", data, format="multipart")
    assert response.status_code == 403


def test_import_into_another_workspace_is_refused(
    outsider_client: APIClient, workspace: Workspace
) -> None:
    data = {"workspace": workspace.pk, "file": [upload("a.json", json.dumps(RECORDS))]}
    response = outsider_client.post("/api/templates/import/", data, format="multipart")
    assert response.status_code == 400
    assert "workspace" in response.json()["error"]["fields"]
    assert not Template.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_json_and_yaml(
    client_as: Callable[[str], APIClient], workspace: Workspace, fmt: str
) -> None:
    TemplateFactory(workspace=workspace, slug="one")
    TemplateFactory(slug="foreign")
    response = client_as(Role.VIEWER).get(
        "/api/templates/export/", {"workspace": workspace.pk, "format": fmt}
    )
    assert response.status_code == 200
    assert f"templates-{workspace.slug}.{fmt}" in response["Content-Disposition"]
    data = (json.loads if fmt == "json" else yaml.safe_load)(response.content.decode())
    assert [record["slug"] for record in data["templates"]] == ["one"]


def test_export_rejects_an_unknown_format(
    client_as: Callable[[str], APIClient], workspace: Workspace
) -> None:
    response = client_as(Role.VIEWER).get(
        "/api/templates/export/", {"workspace": workspace.pk, "format": "xml"}
    )
    assert response.status_code == 400
    assert "format" in response.json()["error"]["fields"]


def test_export_of_another_workspace_is_refused(
    outsider_client: APIClient, workspace: Workspace
) -> None:
    response = outsider_client.get("/api/templates/export/", {"workspace": workspace.pk})
    assert response.status_code == 400
    assert "workspace" in response.json()["error"]["fields"]
