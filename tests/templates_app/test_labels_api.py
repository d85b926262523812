"""`/api/templates/{id}/labels/`: create, move, split, delete, history; roles and isolation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.models import Template
from templates_app.services.versions import template_update
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(workspace: Workspace) -> Template:
    template = TemplateFactory(workspace=workspace)
    template_update(template=template, user=None, base_version=1, data={"body": "v2 {{ topic }}"})
    return template


def labels_url(template: Template, suffix: str = "") -> str:
    return f"/api/templates/{template.pk}/labels/{suffix}"


def test_create_move_split_list_and_history(
    client_as: Callable[[str], APIClient], template: Template
) -> None:
    editor = client_as(Role.EDITOR)
    created = editor.post(labels_url(template), {"name": "Production", "version": 1}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["name"] == "production"
    assert created.json()["version"] == 1
    split = {
        "name": "production",
        "versions": [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}],
        "reason": "canary",
    }
    moved = editor.post(labels_url(template), split, format="json")
    assert moved.status_code == 200, moved.json()
    assert moved.json()["version"] is None
    assert moved.json()["versions"] == split["versions"]
    listed = client_as(Role.VIEWER).get(labels_url(template))
    assert [label["name"] for label in listed.json()] == ["production"]
    history = editor.get(labels_url(template, "production/history/")).json()
    assert history["count"] == 2
    newest = history["results"][0]
    assert newest["reason"] == "canary"
    assert newest["from_versions"] == [{"version": 1, "weight": 100}]
    assert newest["user"]["email"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x"}, "version"),
        ({"name": "x", "version": 1, "versions": [{"version": 1, "weight": 100}]}, "version"),
        (
            {"name": "x", "versions": [{"version": 1, "weight": 50}, {"version": 2, "weight": 40}]},
            "versions",
        ),
        (
            {"name": "x", "versions": [{"version": 1, "weight": 50}, {"version": 1, "weight": 50}]},
            "versions",
        ),
        (
            {
                "name": "x",
                "versions": [{"version": v, "weight": w} for v, w in ((1, 40), (2, 30), (1, 30))],
            },
            "versions",
        ),
        ({"name": "x", "version": 99}, "version"),
        ({"name": "not a slug", "version": 1}, "name"),
        ({"name": "x", "version": 1, "force": True}, "reason"),
    ],
)
def test_bad_input_names_the_field(
    client_as: Callable[[str], APIClient], template: Template, body: dict, field: str
) -> None:
    response = client_as(Role.OWNER).post(labels_url(template), body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"]


def test_roles_and_isolation(
    client_as: Callable[[str], APIClient], outsider_client: APIClient, template: Template
) -> None:
    body = {"name": "staging", "version": 2}
    assert client_as(Role.VIEWER).post(labels_url(template), body, format="json").status_code == 403
    assert outsider_client.get(labels_url(template)).status_code == 404
    assert outsider_client.post(labels_url(template), body, format="json").status_code == 404
    assert outsider_client.get(labels_url(template, "staging/history/")).status_code == 404
    forced = {**body, "force": True, "reason": "because"}
    assert (
        client_as(Role.ADMIN).post(labels_url(template), forced, format="json").status_code == 403
    )
    assert (
        client_as(Role.OWNER).post(labels_url(template), forced, format="json").status_code == 201
    )


def test_delete_keeps_the_history_and_an_unknown_label_is_404(
    client_as: Callable[[str], APIClient], template: Template
) -> None:
    editor = client_as(Role.EDITOR)
    editor.post(labels_url(template), {"name": "staging", "version": 2}, format="json")
    deleted = editor.delete(labels_url(template, "staging/"), {"reason": "done"}, format="json")
    assert deleted.status_code == 204
    assert editor.get(labels_url(template)).json() == []
    history = editor.get(labels_url(template, "staging/history/")).json()["results"]
    assert history[0]["to_versions"] == [] and history[0]["reason"] == "done"
    assert editor.delete(labels_url(template, "staging/")).status_code == 404


def test_release_gates_are_set_by_owners_only(
    client_as: Callable[[str], APIClient], template: Template
) -> None:
    url = f"/api/templates/{template.pk}/release-gates/"
    body = {"release_gates": []}
    assert client_as(Role.ADMIN).put(url, body, format="json").status_code == 403
    response = client_as(Role.OWNER).put(url, body, format="json")
    assert response.status_code == 200
    assert response.json()["release_gates"] == []
    bad = {"release_gates": [{"label": "production", "dataset": 1, "min_pass_rate": 1.5}]}
    refused = client_as(Role.OWNER).put(url, bad, format="json")
    assert "release_gates.0.min_pass_rate" in refused.json()["error"]["fields"]
