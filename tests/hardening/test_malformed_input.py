"""Input that once answered 500 (adversarial test, November 2026): every case answers 4xx in the
API's error shape, naming the field when there is one. On SQLite by default; on PostgreSQL, which
refuses NUL where SQLite stores it, with `DATABASE_URL` set."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from aiagency.json_input import MAX_DEPTH
from tests.generations.conftest import make_template

pytestmark = pytest.mark.django_db

DEEP_LIST = "[" * 1000 + "]" * 1000


def error_of(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.json()["error"]


@pytest.mark.parametrize("path", ["/api/auth/token/", "/api/auth/register/", "/api/templates/"])
def test_a_thousand_nested_brackets_answer_400(api_client, client_as, path: str) -> None:
    client = client_as(Role.EDITOR) if path == "/api/templates/" else api_client

    response = client.post(path, DEEP_LIST, content_type="application/json")

    # Python 3.11's parser gives up at this depth (a parse error); 3.13's parses it, and the check
    # of MAX_DEPTH names the member that goes too deep. Either way the answer says why.
    assert response.status_code == 400
    assert f"deeper than {MAX_DEPTH} levels" in json.dumps(error_of(response))


def test_nesting_past_the_limit_names_where(api_client) -> None:
    deep = '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)

    response = api_client.post("/api/auth/register/", deep, content_type="application/json")

    assert response.status_code == 400
    (field,) = error_of(response)["fields"]
    assert field.startswith("a.a.a")


@pytest.fixture
def generate(client_as, workspace):
    client = client_as(Role.EDITOR)
    template = make_template(workspace)

    def post(raw_params: str):
        body = '{"template": %d, "variables": {"topic": "tea"}, "params": %s}'
        return client.post(
            "/api/generations/", body % (template.pk, raw_params), content_type="application/json"
        )

    return post


@pytest.mark.parametrize(
    ("raw_params", "field"),
    [
        ('{"stop": "a\\u0000b"}', "params.stop"),
        ('{"\\u0000": 1}', "params.\\u0000"),
        ('{"stop": ["x", "\\udc80"]}', "params.stop.1"),
        ('{"\\ud800": 1}', "params.\\ud800"),
    ],
)
def test_nul_and_unpaired_surrogates_are_refused_naming_the_field(
    generate, raw_params: str, field: str
) -> None:
    response = generate(raw_params)

    assert response.status_code == 400
    error = error_of(response)
    assert list(error["fields"]) == [field]


def test_a_surrogate_in_a_text_field_is_refused(api_client) -> None:
    response = api_client.post(
        "/api/auth/register/",
        '{"email": "a@example.com", "password": "x\\ud800yz-long-enough", "name": "A"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["password"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rows.json", "[" * 1000 + "]" * 1000),
        ("rows.json", "[" + '{"a": ' * 100 + "1" + "}" * 100 + "]"),
        ("rows.jsonl", "[" * 1000 + "]" * 1000 + "\n"),
        ("rows.jsonl", '{"product": "a\\u0000"}\n'),
    ],
)
def test_deep_or_unstorable_batch_files_are_a_file_error(
    client_as, workspace, name: str, content: str
) -> None:
    template = make_template(workspace)
    upload = SimpleUploadedFile(name, content.encode(), content_type="application/json")

    response = client_as(Role.EDITOR).post(
        "/api/batches/", {"template": template.pk, "file": upload}, format="multipart"
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["file"]


def test_a_24_mb_json_body_answers_413(client_as, workspace) -> None:
    body = json.dumps(
        {"workspace": workspace.pk, "name": "x", "slug": "x", "body": "a" * (24 << 20)}
    )

    response = client_as(Role.EDITOR).post("/api/templates/", body, content_type="application/json")

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"
