"""A template that can never render does not save (issue 14, item 4): a save renders the body and
the system prompt once, in the sandbox, with sample values from the variable schema, and refuses
what fails with a 400 naming the field and the line. No error text carries a Python exception
name."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.errors import RenderError
from templates_app.models import Template
from templates_app.services.rendering import render
from templates_app.services.schema import clean_variables, sample_context
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

URL = "/api/templates/"
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception|Exceeded|Undefined)\b")
NEVER_RENDERS = {
    "an include": ("Intro\n{% include 'x' %}", "Line 2: {% include %} is not available"),
    "an import": ("{% import 'x' as y %}", "Line 1: {% import %} is not available"),
    "an extends": ("{% extends 'base' %}", "Line 1: {% extends %} is not available"),
    "a private attribute": (
        "One\nTwo\n{{ ''.__class__.__mro__ }}",
        "Unsafe operation refused on line 3",
    ),
    "a failing operation": ("{{ topic }}\n{{ 1 / 0 }}", "failed on line 2: division by zero"),
    "a failing filter": ("{{ 1.5|round(method='x') }}", "failed on line 1"),
    "a missing attribute": ("{{ topic.nope.deeper }}", "Undefined value on line 1"),
    "a missing item": ("{{ {}['k'] }}", "Undefined value on line 1"),
}


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


def _new(workspace: Workspace, body: str, **extra: object) -> dict:
    return {
        "workspace": workspace.pk,
        "name": "T",
        "body": body,
        "variables": [{"name": "topic", "required": False}],
        **extra,
    }


@pytest.mark.parametrize(("body", "message"), NEVER_RENDERS.values(), ids=NEVER_RENDERS.keys())
def test_create_refuses_a_body_that_cannot_render(
    editor: APIClient, workspace: Workspace, body: str, message: str
) -> None:
    response = editor.post(URL, _new(workspace, body), format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert list(error["fields"]) == ["body"]
    assert message in error["fields"]["body"][0]
    assert not EXCEPTION_NAME.search(json.dumps(error))
    assert not Template.objects.exists()


def test_the_system_prompt_is_rendered_too(editor: APIClient, workspace: Workspace) -> None:
    body = _new(workspace, "Fine {{ topic }}", system_prompt="You are\n{{ topic.x.y }}")
    response = editor.post(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["system_prompt"]
    assert "line 2" in response.json()["error"]["fields"]["system_prompt"][0]


def test_a_bomb_is_refused_when_saved_with_render_limit(
    editor: APIClient, workspace: Workspace
) -> None:
    bomb = "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}{% endfor %}"
    response = editor.post(URL, _new(workspace, bomb), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "render_limit"
    assert list(response.json()["error"]["fields"]) == ["body"]


def test_an_edit_that_cannot_render_is_refused(editor: APIClient, workspace: Workspace) -> None:
    template = TemplateFactory(workspace=workspace)
    response = editor.patch(
        f"{URL}{template.pk}/", {"body": "{% include 'x' %}", "base_version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]
    assert template.versions.count() == 1


def test_restoring_a_version_that_cannot_render_is_refused(
    editor: APIClient, workspace: Workspace
) -> None:
    template = TemplateFactory(
        workspace=workspace,
        content={"body": "-", "variables": []},
        unchecked_body="{{ ''.__class__.__mro__ }}",
    )
    editor.patch(f"{URL}{template.pk}/", {"body": "Fine", "base_version": 1}, format="json")
    response = editor.post(f"{URL}{template.pk}/restore/", {"version": 1, "base_version": 2})
    assert response.status_code == 400
    assert "Unsafe operation refused on line 1" in response.json()["error"]["fields"]["body"][0]
    assert template.versions.count() == 2


def test_an_import_reports_a_template_that_cannot_render(
    editor: APIClient, workspace: Workspace
) -> None:
    records = [
        {"slug": "ok", "name": "OK", "body": "Fine"},
        {"slug": "broken", "name": "Broken", "body": "{% include 'x' %}"},
    ]
    upload = SimpleUploadedFile("t.json", json.dumps(records).encode())
    response = editor.post(
        f"{URL}import/", {"workspace": workspace.pk, "file": [upload]}, format="multipart"
    )
    report = response.json()
    assert (report["created"], report["failed"]) == (1, 1)
    assert "body: Line 1: {% include %} is not available" in report["errors"][0]["message"]


def test_templates_that_need_real_values_still_save(
    editor: APIClient, workspace: Workspace
) -> None:
    body = (
        "{{ 100 // count }} {{ topic[0] }} {{ tone|upper }} {% if flag %}{{ price * 2 }}{% endif %}"
    )
    variables = [
        {"name": "count", "type": "integer"},
        {"name": "topic", "max_length": 3},
        {"name": "tone", "type": "choice", "choices": ["warm", "dry"]},
        {"name": "flag", "type": "boolean"},
        {"name": "price", "type": "number", "required": False},
    ]
    response = editor.post(URL, _new(workspace, body, variables=variables), format="json")
    assert response.status_code == 201, response.json()


def test_sample_values_fit_the_schema() -> None:
    variables = clean_variables(
        [
            {"name": "short", "max_length": 2},
            {"name": "given", "default": "mine"},
            {"name": "pick", "type": "choice", "choices": ["b", "a"]},
            {"name": "n", "type": "integer"},
        ]
    )
    assert sample_context(variables) == {"short": "<s", "given": "mine", "pick": "b", "n": 3}


@pytest.mark.parametrize(
    "body",
    [
        "{{ 1 / 0 }}",
        "{{ {}['k'] }}",
        "{{ [][3] }}",
        "{{ 'a' + 1 }}",
        "{{ 1.5|round(method='x') }}",
        "{{ (1, 2)|attr('x') }}",
        "{{ nothing }}",
        "{{ ''.__class__ }}",
        "{% include 'x' %}",
        "{{ 'x' * 10**9 }}",
        "{{ range(10**9)|list }}",
        "{% for %}",
        "{{ '%d' % 'x' }}",
        "{{ 10.0 ** 400 }}",
        "{{ x|nofilter }}",
    ],
)
def test_no_render_error_names_a_python_exception(body: str) -> None:
    with pytest.raises(RenderError) as caught:
        render(body, {})
    assert not EXCEPTION_NAME.search(caught.value.message), caught.value.message
