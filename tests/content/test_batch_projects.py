"""The project a batch belongs to: taken by `POST /api/batches/`, shown in every batch answer,
filtered by (`?project=`), inherited by the items saved from its rows. Content keeps the link;
the generations app reaches it through `generations.batch_links`."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from content.models import BatchProject, ContentItem, Project
from generations.models import Batch, Generation
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROWS = [{"topic": "cats"}, {"topic": "dogs"}]


def _project(workspace, name: str = "Spring launch") -> Project:
    return Project.objects.create(
        workspace=workspace, name=name, slug=name.lower().replace(" ", "-")
    )


def _create(client, template, **fields):
    payload = {"template": template.pk, "rows": ROWS, "provider": "local", **fields}
    return client.post("/api/batches/", payload, format="json")


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_a_batch_is_created_in_a_project_and_shows_it(client_as, template, workspace) -> None:
    client = client_as(Role.EDITOR)
    project = _project(workspace)

    response = _create(client, template, project=project.pk)

    assert response.status_code == 201, response.content
    assert response.json()["project"] == {"id": project.pk, "name": "Spring launch"}
    batch = Batch.objects.get(pk=response.json()["id"])
    assert BatchProject.objects.get(batch=batch).project == project
    detail = client.get(f"/api/batches/{batch.pk}/").json()
    assert detail["project"] == {"id": project.pk, "name": "Spring launch"}


def test_a_batch_without_a_project_shows_null(client_as, template) -> None:
    client = client_as(Role.EDITOR)

    response = _create(client, template)
    as_null = _create(client, template, project=None)

    assert (response.status_code, as_null.status_code) == (201, 201)
    assert response.json()["project"] is None and as_null.json()["project"] is None
    assert not BatchProject.objects.exists()


def test_a_multipart_upload_takes_a_project(client_as, template, workspace) -> None:
    project = _project(workspace)
    form = {
        "template": template.pk,
        "provider": "local",
        "project": str(project.pk),
        "file": SimpleUploadedFile("rows.csv", b"topic\ncats\n", content_type="text/csv"),
    }
    response = client_as(Role.EDITOR).post("/api/batches/", form, format="multipart")

    assert response.status_code == 201, response.content
    assert response.json()["project"]["id"] == project.pk


def test_another_workspaces_project_is_refused_naming_project(
    client_as, template, other_workspace
) -> None:
    client = client_as(Role.EDITOR)
    theirs = _project(other_workspace)

    response = _create(client, template, project=theirs.pk)

    assert response.status_code == 400
    assert "project" in response.json()["error"]["fields"]
    assert not Batch.objects.exists()


def test_a_project_of_another_of_the_callers_workspaces_is_refused(
    template, member, other_workspace
) -> None:
    """The caller belongs to both workspaces: the project exists for them, in the wrong one
    (a dry run checks it too)."""
    editor = member(Role.EDITOR)
    MembershipFactory(user=editor, workspace=other_workspace, role=Role.EDITOR)
    theirs = _project(other_workspace)

    for dry_run in (True, False):
        response = _create(client_for(editor), template, project=theirs.pk, dry_run=dry_run)
        assert response.status_code == 400, response.content
        assert response.json()["error"]["fields"]["project"] == [
            "This project belongs to another workspace."
        ]
    assert not Batch.objects.exists()


@pytest.mark.parametrize("value", ["nope", 99999999, "9" * 30, -1])
def test_a_bad_project_value_is_a_400_naming_it(client_as, template, value) -> None:
    response = _create(client_as(Role.EDITOR), template, project=value)

    assert response.status_code == 400
    assert "project" in response.json()["error"]["fields"]


def test_the_list_filters_by_project(client_as, template, workspace) -> None:
    client = client_as(Role.EDITOR)
    spring, autumn = _project(workspace), _project(workspace, "Autumn")
    in_spring = _create(client, template, project=spring.pk).json()["id"]
    in_autumn = _create(client, template, project=autumn.pk).json()["id"]
    loose = _create(client, template).json()["id"]

    assert _ids(client.get("/api/batches/", {"project": spring.pk})) == [in_spring]
    assert _ids(client.get("/api/batches/", {"project": autumn.pk})) == [in_autumn]
    everything = client.get("/api/batches/").json()["results"]
    assert [(row["id"], row["project"]) for row in everything] == [
        (loose, None),
        (in_autumn, {"id": autumn.pk, "name": "Autumn"}),
        (in_spring, {"id": spring.pk, "name": "Spring launch"}),
    ]


@pytest.mark.parametrize("value", ["nope", "9" * 30, "0"])
def test_a_bad_project_filter_is_a_400_naming_it(client_as, value) -> None:
    response = client_as(Role.EDITOR).get("/api/batches/", {"project": value})

    assert response.status_code == 400
    assert "project" in response.json()["error"]["fields"]


def test_another_workspaces_batches_stay_hidden_behind_the_filter(
    client_as, outsider_client, template, workspace
) -> None:
    project = _project(workspace)
    batch = _create(client_as(Role.EDITOR), template, project=project.pk).json()["id"]

    assert _ids(outsider_client.get("/api/batches/", {"project": project.pk})) == []
    assert outsider_client.get(f"/api/batches/{batch}/").status_code == 404


def test_the_list_reads_projects_without_a_query_per_batch(client_as, template, workspace) -> None:
    client = client_as(Role.EDITOR)
    project = _project(workspace)
    _create(client, template, project=project.pk)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/batches/")
    for _ in range(3):
        _create(client, template, project=project.pk)
    with CaptureQueriesContext(connection) as four:
        client.get("/api/batches/")

    assert len(four) == len(one)


def test_a_replay_with_another_project_is_a_conflict(client_as, template, workspace) -> None:
    client = client_as(Role.EDITOR)
    spring, autumn = _project(workspace), _project(workspace, "Autumn")
    key = {"HTTP_IDEMPOTENCY_KEY": "batch-1"}
    payload = {"template": template.pk, "rows": ROWS, "provider": "local"}

    first = client.post("/api/batches/", {**payload, "project": spring.pk}, format="json", **key)
    again = client.post("/api/batches/", {**payload, "project": spring.pk}, format="json", **key)
    other = client.post("/api/batches/", {**payload, "project": autumn.pk}, format="json", **key)

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert again.json()["id"] == first.json()["id"]


def test_items_saved_from_a_batch_go_to_its_project_unless_told(
    client_as, make_batch, workspace
) -> None:
    client = client_as(Role.EDITOR)
    project, elsewhere = _project(workspace), _project(workspace, "Elsewhere")
    batches = [make_batch([Generation.Status.SUCCEEDED] * 2) for _ in range(3)]
    for batch in batches:
        BatchProject.objects.create(batch=batch, project=project)

    def save(batch: Batch, payload: dict) -> set[Project | None]:
        url = f"/api/batches/{batch.pk}/save-as-content/"
        response = client.post(url, payload, format="json")
        assert response.status_code == 201, response.content
        items = ContentItem.objects.filter(pk__in=response.json()["item_ids"])
        return {item.project for item in items}

    assert save(batches[0], {}) == {project}
    assert save(batches[1], {"project": elsewhere.pk}) == {elsewhere}
    assert save(batches[2], {"project": None}) == {None}


def test_deleting_a_project_keeps_its_batches(client_as, template, workspace) -> None:
    project = _project(workspace)
    batch = _create(client_as(Role.EDITOR), template, project=project.pk).json()["id"]

    assert client_as(Role.ADMIN).delete(f"/api/projects/{project.pk}/").status_code == 204

    assert client_as(Role.EDITOR).get(f"/api/batches/{batch}/").json()["project"] is None
