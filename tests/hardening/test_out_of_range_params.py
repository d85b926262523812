"""Out-of-range numbers in any query parameter of any list answer 400 naming the parameter.

`?author=-1.1e305` on SQLite raised `OverflowError` (a 500, found by schemathesis on `make run`).
Every GET operation of the schema is tried with each of its numeric query parameters."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Role
from content.models import ContentItem, Webhook
from evaluations.models import Dataset
from generations.models import Batch
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["-1.1e305", "9" * 30, "1e400", "-0", "9" * 5000]


def numeric_query_parameters() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") in (
                "integer",
                "number",
            ):
                found.append((path, parameter["name"]))
    return found


PARAMETERS = numeric_query_parameters()


def test_the_lists_have_numeric_parameters_to_try() -> None:
    assert ("/api/templates/", "author") in PARAMETERS
    assert ("/api/generations/", "page") in PARAMETERS


@pytest.mark.parametrize(("path", "name"), PARAMETERS)
def test_an_out_of_range_number_answers_400_naming_it(
    client_as, workspace, path: str, name: str
) -> None:
    client = client_as(Role.OWNER)
    template = TemplateFactory(workspace=workspace)
    batch = Batch.objects.create(
        workspace=workspace, template_version=template.current_version, provider="local"
    )
    item = ContentItem.objects.create(workspace=workspace, title="t", body="b")
    webhook = Webhook.objects.create(workspace=workspace, url="https://93.184.216.34/", secret="s")
    ids = {
        "templates": template.pk,
        "batches": batch.pk,
        "content": item.pk,
        "webhooks": webhook.pk,
        "datasets": Dataset.objects.create(workspace=workspace, name="d").pk,
    }
    kind = next((name for name in ids if f"/{name}/" in path), None)
    url = path.replace("{workspace_pk}", str(workspace.pk))
    url = url.replace("{id}", str(ids[kind] if kind else workspace.pk)).replace("{name}", "any")

    for value in OUT_OF_RANGE:
        response = client.get(url, {name: value})

        assert response.status_code == 400, (value, response.content[:300])
        assert name in response.json()["error"]["fields"], (value, response.json())


def test_list_filters_do_not_apply_to_the_versions_of_a_template(client_as, workspace) -> None:
    template = TemplateFactory(workspace=workspace)

    response = client_as(Role.VIEWER).get(
        f"/api/templates/{template.pk}/versions/", {"author": "-1.1e305", "archived": "true"}
    )

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("path", ["/api/templates/", "/api/generations/"])
def test_a_nul_in_a_search_answers_400_naming_it(client_as, path: str) -> None:
    response = client_as(Role.VIEWER).get(path, {"search": "a\x00b"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["search"]
