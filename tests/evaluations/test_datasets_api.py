"""`/api/datasets/`: checks, rows from the API, a file or a batch; roles and isolation."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from evaluations.models import Dataset
from generations.services.batches import BatchInput, batch_create
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

URL = "/api/datasets/"


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


@pytest.fixture
def dataset(workspace: Workspace) -> Dataset:
    return Dataset.objects.create(workspace=workspace, name="Blurbs")


def rows_of(client: APIClient, dataset: Dataset) -> list[dict]:
    return client.get(f"{URL}{dataset.pk}/rows/").json()["results"]


def test_create_with_checks_and_read_back(editor: APIClient, workspace: Workspace) -> None:
    template = TemplateFactory(workspace=workspace)
    body = {
        "workspace": workspace.pk,
        "name": "Brand voice",
        "template": template.pk,
        "checks": [
            {"type": "not_contains", "values": ["cheap"]},
            {"type": "word_count", "max": 80},
        ],
    }
    response = editor.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["template"] == template.pk
    assert [check["name"] for check in created["checks"]] == ["not_contains", "word_count"]
    assert created["row_count"] == 0
    renamed = editor.patch(f"{URL}{created['id']}/", {"name": "Voice"}, format="json")
    assert renamed.json()["name"] == "Voice"


def test_a_bad_check_is_refused_naming_it(editor: APIClient, workspace: Workspace) -> None:
    body = {"workspace": workspace.pk, "name": "x", "checks": [{"type": "regex", "pattern": "("}]}
    response = editor.post(URL, body, format="json")
    assert response.status_code == 400
    assert "checks.0.pattern" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        ("en", "Required: a text of at most 500 characters."),
        ("pt-BR,pt;q=0.9", "Obrigatório: um texto de no máximo 500 caracteres."),
    ],
)
def test_a_bad_check_is_refused_in_the_language_asked_for(
    editor: APIClient, workspace: Workspace, accept_language: str, message: str
) -> None:
    body = {"workspace": workspace.pk, "name": "x", "checks": [{"type": "regex", "pattern": ""}]}
    response = editor.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"checks.0.pattern": [message]}


def test_rows_from_the_api_are_appended_in_order(editor: APIClient, dataset: Dataset) -> None:
    url = f"{URL}{dataset.pk}/rows/"
    first = editor.post(
        url, {"rows": [{"variables": {"topic": "tea"}, "reference": "Tea."}]}, format="json"
    )
    assert first.status_code == 201 and first.json() == {"added": 1}
    editor.post(url, {"rows": [{"variables": {"topic": "coffee"}}]}, format="json")
    assert rows_of(editor, dataset) == [
        {"position": 1, "variables": {"topic": "tea"}, "reference": "Tea."},
        {"position": 2, "variables": {"topic": "coffee"}, "reference": ""},
    ]


def test_too_many_rows_answer_413(editor: APIClient, dataset: Dataset, settings) -> None:
    settings.BATCH_MAX_ROWS = 2
    rows = [{"variables": {"topic": str(n)}} for n in range(3)]
    response = editor.post(f"{URL}{dataset.pk}/rows/", {"rows": rows}, format="json")
    assert response.status_code == 413


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["topic", "reference"])
    sheet.append(["tea", "About tea."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rows.csv", b"topic;reference\ntea;About tea.\n"),
        ("rows.jsonl", b'{"topic": "tea", "reference": "About tea."}\n'),
        ("rows.xlsx", _xlsx()),
    ],
)
def test_rows_import_from_the_batch_formats(
    editor: APIClient, dataset: Dataset, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content)
    response = editor.post(f"{URL}{dataset.pk}/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    assert rows_of(editor, dataset) == [
        {"position": 1, "variables": {"topic": "tea"}, "reference": "About tea."}
    ]


def test_an_unreadable_file_names_the_file(editor: APIClient, dataset: Dataset) -> None:
    upload = SimpleUploadedFile("rows.json", b"{not json")
    response = editor.post(f"{URL}{dataset.pk}/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_rows_copied_from_a_batch_of_the_workspace_only(
    editor: APIClient, dataset: Dataset, workspace: Workspace, other_workspace: Workspace
) -> None:
    template = TemplateFactory(workspace=workspace)
    rows = [{"topic": "tea", "notes": "x"}, {"topic": "y" * 200}]  # the second is invalid
    batch, _ = batch_create(
        user=None, data=BatchInput(template=template, rows=rows, provider="local"), enqueue=False
    )
    response = editor.post(f"{URL}{dataset.pk}/copy-batch/", {"batch": batch.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert [row["variables"] for row in rows_of(editor, dataset)] == rows
    theirs, _ = batch_create(
        user=None,
        data=BatchInput(
            template=TemplateFactory(workspace=other_workspace), rows=rows[:1], provider="local"
        ),
        enqueue=False,
    )
    refused = editor.post(f"{URL}{dataset.pk}/copy-batch/", {"batch": theirs.pk}, format="json")
    assert refused.status_code == 400
    assert "batch" in refused.json()["error"]["fields"]


def test_roles_and_isolation(
    client_as: Callable[[str], APIClient], outsider_client: APIClient, dataset: Dataset
) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get(f"{URL}{dataset.pk}/").status_code == 200
    rows = {"rows": [{"variables": {}}]}
    assert viewer.post(f"{URL}{dataset.pk}/rows/", rows, format="json").status_code == 403
    assert outsider_client.get(f"{URL}{dataset.pk}/").status_code == 404
    assert outsider_client.get(f"{URL}{dataset.pk}/rows/").status_code == 404
    assert outsider_client.post(f"{URL}{dataset.pk}/rows/", rows, format="json").status_code == 404
    assert outsider_client.get(URL).json()["count"] == 0
    body = {"workspace": dataset.workspace_id, "name": "theirs"}
    assert outsider_client.post(URL, body, format="json").status_code == 400
