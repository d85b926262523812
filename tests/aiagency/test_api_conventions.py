from __future__ import annotations

import inspect
import io
import json
import logging

import pytest
import yaml
from django.db import OperationalError

from accounts import recent_callers
from accounts.models import Role
from aiagency import health
from aiagency import serializers as shared
from aiagency.logging import REQUEST_ID_HEADER
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/api/schema/"])
def test_api_documentation_is_served(client, path: str) -> None:
    assert client.get(path).status_code == 200


def test_docs_assets_are_served_locally(client) -> None:
    page = client.get("/api/docs/").content.decode()

    assert "cdn." not in page
    assert "drf_spectacular_sidecar" in page


def test_every_response_carries_a_request_id(client) -> None:
    generated = client.get("/healthz")
    forwarded = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged log line")

    assert len(generated[REQUEST_ID_HEADER]) == 32
    assert forwarded[REQUEST_ID_HEADER] == "abc-123"
    assert hostile[REQUEST_ID_HEADER] != "x\nforged log line"


def test_log_lines_are_json_with_the_request_id(client, monkeypatch) -> None:
    console = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logger = logging.getLogger("aiagency.test")
    logger.addHandler(handler)
    monkeypatch.setitem(health.CHECKS, "database", lambda: logger.warning("inside the request"))
    try:
        client.get("/readyz", HTTP_X_REQUEST_ID="req-42")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["message"] == "inside the request"
    assert line["request_id"] == "req-42"
    assert line["level"] == "WARNING"


def test_unknown_route_under_api_answers_json_404(client, django_user_model) -> None:
    user = django_user_model.objects.create_user(email="a@example.com", password="x")
    client.force_login(user)

    response = client.get("/api/workspaces/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_an_unreachable_database_answers_503_with_retry_after(client_as, monkeypatch) -> None:
    client = client_as("editor")

    def pool_exhausted(**_: object) -> None:
        raise OperationalError("couldn't get a connection after 10.00 sec")

    monkeypatch.setattr(recent_callers, "user_with_workspace_roles", pool_exhausted)
    response = client.get("/api/templates/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"


def test_the_schema_declares_the_503_of_every_operation(client) -> None:
    schema = yaml.safe_load(client.get("/api/schema/").content)

    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations
    assert all("503" in operation["responses"] for operation in operations)


def test_an_error_naming_an_unpaired_surrogate_is_still_answered(client_as, workspace) -> None:
    # JSON's escapes can bring in text UTF-8 cannot encode, and the error names it (this was a 500).
    client = client_as(Role.EDITOR)
    upload = io.BytesIO(
        b'{"templates": [{"slug": "tea", "name": "Tea", "body": "About {{ topic }}.",'
        b' "defaults": {"\\ud800": 1}}]}'
    )
    upload.name = "templates.json"

    response = client.post(
        "/api/templates/import/", {"file": [upload], "workspace": workspace.pk}, format="multipart"
    )

    assert response.status_code == 200  # a report, listing the template as failed
    assert b"\\ud800" in response.content  # escaped, as JSON allows
    assert json.loads(response.content)["errors"][0]["message"] == (
        "defaults.\ud800: Unknown key; allowed: provider, model, params."
    )


def test_answers_keep_non_ascii_text_as_it_is(client_as, workspace) -> None:
    template = TemplateFactory(workspace=workspace, name="Café com leite")

    response = client_as(Role.VIEWER).get(f"/api/templates/{template.pk}/")

    assert "Café com leite".encode() in response.content


def test_no_schema_component_is_described_by_a_shared_base_class(client) -> None:
    """drf-spectacular describes a component by its serializer's docstring, inherited when the
    class has none: a base class's implementation note must never become the API's description."""
    notes = {
        inspect.getdoc(cls)
        for cls in vars(shared).values()
        if inspect.isclass(cls) and cls.__module__ == shared.__name__ and cls.__doc__
    }
    schema = yaml.safe_load(client.get("/api/schema/").content)
    described = {
        name: component.get("description")
        for name, component in schema["components"]["schemas"].items()
    }
    assert not [name for name, text in described.items() if text in notes]
