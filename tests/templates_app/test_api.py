"""`/api/templates/`: CRUD with versions, locking, roles, workspace isolation, lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role, User, Workspace
from accounts.services import api_key_create
from templates_app.models import Template
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

URL = "/api/templates/"
NEW = {
    "name": "Product description",
    "category": "ecommerce",
    "tags": ["shop"],
    "body": "Describe {{ product }} in a {{ tone }} voice.",
    "system_prompt": "You are a copywriter.",
    "variables": [
        {"name": "product", "max_length": 80},
        {"name": "tone", "type": "choice", "choices": ["warm", "crisp"], "default": "warm"},
        {"name": "unused"},
    ],
    "defaults": {"provider": "openai", "model": "gpt-4o-mini", "params": {"max_tokens": 200}},
}


def detail(template: Template, suffix: str = "") -> str:
    return f"{URL}{template.pk}/{suffix}"


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


@pytest.fixture
def viewer(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.VIEWER)


@pytest.fixture
def template(workspace: Workspace) -> Template:
    return TemplateFactory(workspace=workspace)


def test_create_returns_the_nested_version_and_warnings(
    editor: APIClient, workspace: Workspace
) -> None:
    response = editor.post(URL, {**NEW, "workspace": workspace.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "product-description"
    assert body["current_version"]["number"] == 1
    assert body["current_version"]["variables"][1]["choices"] == ["warm", "crisp"]
    assert body["current_version"]["defaults"]["params"] == {"max_tokens": 200}
    assert body["version_created"] is True
    assert ["'unused'" in warning for warning in body["warnings"]] == [True]
    assert response["ETag"] == '"1"'


def test_create_needs_a_workspace_unless_an_api_key_implies_it(
    editor: APIClient, workspace: Workspace, member: Callable[[str], User]
) -> None:
    response = editor.post(URL, NEW)
    assert response.status_code == 400
    assert "workspace" in response.json()["error"]["fields"]
    _key, raw = api_key_create(
        workspace=workspace, user=member(Role.OWNER), name="ci", actor_role=Role.OWNER
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = client.post(URL, NEW)
    assert response.status_code == 201
    assert response.json()["workspace"] == workspace.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"variables": [{"name": "product", "type": "date"}]}, "variables.0.type"),
        ({"body": "{{ product }} {{ nope }}"}, "body"),
        ({"body": "{% if %}"}, "body"),
        ({"defaults": {"params": {"temperature": 9}}}, "defaults.params.temperature"),
        ({"tags": ["not a tag"]}, "tags"),
        ({"body": ""}, "body"),
        ({"variables": "product"}, "variables"),
    ],
)
def test_bad_input_answers_400_naming_the_field(
    editor: APIClient, workspace: Workspace, change: dict, field: str
) -> None:
    response = editor.post(URL, {**NEW, "workspace": workspace.pk, **change})
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_duplicate_slug_conflicts(editor: APIClient, template: Template) -> None:
    response = editor.post(URL, {**NEW, "workspace": template.workspace_id, "slug": template.slug})
    assert response.status_code == 409
    assert "slug" in response.json()["error"]["fields"]


def test_put_with_content_writes_a_version(editor: APIClient, template: Template) -> None:
    response = editor.put(
        detail(template),
        {"name": "New", "body": "Other {{ topic }}", "base_version": 1, "changelog": "Tighter"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["current_version"]["number"], body["version_created"]) == (2, True)
    assert body["current_version"]["changelog"] == "Tighter"
    assert response["ETag"] == '"2"'


def test_patch_of_meta_alone_writes_no_version(editor: APIClient, template: Template) -> None:
    response = editor.patch(
        detail(template), {"description": "Better", "tags": ["x"]}, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.json()
    assert response.json()["current_version"]["number"] == 1
    assert response.json()["version_created"] is False


def test_an_edit_must_say_which_version_it_started_from(
    editor: APIClient, template: Template
) -> None:
    response = editor.patch(detail(template), {"body": "x {{ topic }}"})
    assert response.status_code == 400
    assert "base_version" in response.json()["error"]["fields"]


def test_a_stale_edit_answers_409_and_keeps_the_newer_one(
    editor: APIClient, template: Template
) -> None:
    first = editor.patch(detail(template), {"body": "First {{ topic }}", "base_version": 1})
    assert first.status_code == 200
    stale = editor.patch(detail(template), {"body": "Second {{ topic }}"}, HTTP_IF_MATCH='W/"1"')
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert editor.get(detail(template)).json()["current_version"]["body"] == "First {{ topic }}"


def test_delete_is_not_offered_archive_is(editor: APIClient, template: Template) -> None:
    assert editor.delete(detail(template)).status_code == 405
    assert editor.post(detail(template, "archive/")).json()["is_archived"] is True
    assert editor.post(detail(template, "unarchive/")).json()["is_archived"] is False
    assert Template.objects.filter(pk=template.pk).exists()


def test_versions_list_detail_diff_and_restore(editor: APIClient, template: Template) -> None:
    editor.patch(detail(template), {"body": "Second {{ topic }}", "base_version": 1})
    versions = editor.get(detail(template, "versions/")).json()
    assert versions["count"] == 2
    assert [v["number"] for v in versions["results"]] == [2, 1]
    assert editor.get(detail(template, "versions/1/")).json()["body"].startswith("Write a post")
    assert editor.get(detail(template, "versions/7/")).status_code == 404

    diff = editor.get(detail(template, "diff/"), {"from": 1, "to": 2}).json()
    assert "-Write a post about {{ topic }}." in diff["body"]
    assert "+Second {{ topic }}" in diff["body"]
    assert diff["system_prompt"] == ""
    assert editor.get(detail(template, "diff/")).json()["from_version"] == 1
    bad = editor.get(detail(template, "diff/"), {"from": 9})
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (400, ["from"])

    restored = editor.post(detail(template, "restore/"), {"version": 1, "base_version": 2})
    assert restored.status_code == 201
    assert restored.json()["current_version"]["number"] == 3
    assert restored.json()["current_version"]["body"].startswith("Write a post")
    stale = editor.post(detail(template, "restore/"), {"version": 1, "base_version": 2})
    assert stale.status_code == 409


def test_viewers_read_and_preview_but_do_not_write(viewer: APIClient, template: Template) -> None:
    assert viewer.get(URL).json()["count"] == 1
    assert viewer.get(detail(template, "versions/")).status_code == 200
    preview = viewer.post(detail(template, "preview/"), {"variables": {"topic": "tea"}})
    assert preview.status_code == 200
    denied = [
        viewer.post(URL, {**NEW, "workspace": template.workspace_id}),
        viewer.patch(detail(template), {"name": "x", "base_version": 1}),
        viewer.post(detail(template, "archive/")),
        viewer.post(detail(template, "restore/"), {"version": 1, "base_version": 1}),
    ]
    assert [response.status_code for response in denied] == [403] * 4


def test_other_workspaces_see_404(outsider_client: APIClient, template: Template) -> None:
    assert outsider_client.get(URL).json()["count"] == 0
    for response in [
        outsider_client.get(detail(template)),
        outsider_client.patch(detail(template), {"name": "x", "base_version": 1}),
        outsider_client.get(detail(template, "versions/")),
        outsider_client.get(detail(template, "versions/1/")),
        outsider_client.get(detail(template, "diff/")),
        outsider_client.post(detail(template, "preview/"), {"variables": {}}),
        outsider_client.post(detail(template, "archive/")),
        outsider_client.post(detail(template, "restore/"), {"version": 1, "base_version": 1}),
    ]:
        assert response.status_code == 404
    foreign = outsider_client.post(URL, {**NEW, "workspace": template.workspace_id})
    assert foreign.status_code == 400
    assert "workspace" in foreign.json()["error"]["fields"]


def test_list_filters_search_ordering(
    editor: APIClient, workspace: Workspace, member: Callable[[str], User]
) -> None:
    author = member(Role.EDITOR)
    TemplateFactory(workspace=workspace, name="Alpha", category="seo", tags=["meta", "web"])
    TemplateFactory(workspace=workspace, name="Beta", category="social", created_by=author)
    TemplateFactory(workspace=workspace, name="Gamma", is_archived=True, description="Launch day")
    TemplateFactory(workspace=workspace, name="Delta", content={"body": "Newsletter {{ topic }}"})
    TemplateFactory(name="Elsewhere")

    def names(**params: object) -> list[str]:
        response = editor.get(URL, params)
        assert response.status_code == 200, response.json()
        return [row["name"] for row in response.json()["results"]]

    assert names() == ["Alpha", "Beta", "Delta", "Gamma"]
    assert names(category="seo") == ["Alpha"]
    assert names(tag="meta") == ["Alpha"]
    assert names(tag="met") == []
    assert names(archived="true") == ["Gamma"]
    assert names(archived="false") == ["Alpha", "Beta", "Delta"]
    assert names(author=author.pk) == ["Beta"]
    assert names(search="launch") == ["Gamma"]
    assert names(search="newsletter") == ["Delta"]
    assert names(search="gam") == ["Gamma"]
    assert names(ordering="-name") == ["Gamma", "Delta", "Beta", "Alpha"]
    assert names(workspace=workspace.pk) == ["Alpha", "Beta", "Delta", "Gamma"]
    response = editor.get(URL, {"archived": "maybe"})
    assert response.status_code == 400
    assert "archived" in response.json()["error"]["fields"]


def test_list_queries_do_not_grow_with_the_page(editor: APIClient, workspace: Workspace) -> None:
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(URL)
        assert response.status_code == 200
        return len(queries)

    TemplateFactory(workspace=workspace)
    count_queries()  # the caller is read once, then kept (accounts.recent_callers)
    few = count_queries()
    TemplateFactory.create_batch(20, workspace=workspace)
    assert count_queries() == few
    assert editor.get(URL).json()["count"] == 21
