from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from content.models import ContentItem, Project
from generations.models import Generation
from tests.conftest import client_for
from tests.content.conftest import AI_TEXT
from tests.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_create_from_a_generation_and_again(client_as, make_generation) -> None:
    client = client_as(Role.EDITOR)
    generation = make_generation()
    first = client.post("/api/content/", {"generation": generation.pk}, format="json")
    assert first.status_code == 201
    body = first.json()
    assert (body["title"], body["body"], body["revision"]) == ("Ten tips for cats", AI_TEXT, 1)
    assert body["template"] == generation.template_version.template_id
    assert body["allowed_actions"] == ["submit", "archive"]
    assert first["ETag"] == '"1"'
    again = client.post("/api/content/", {"generation": generation.pk}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, body["id"])


def test_create_needs_a_body_or_a_generation(client_as, workspace) -> None:
    response = client_as(Role.EDITOR).post(
        "/api/content/", {"workspace": workspace.pk}, format="json"
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]


def test_another_workspaces_generation_does_not_exist(client_as, make_generation) -> None:
    generation = make_generation()
    generation.workspace = WorkspaceFactory()
    generation.save()
    response = client_as(Role.EDITOR).post(
        "/api/content/", {"generation": generation.pk}, format="json"
    )
    assert response.status_code == 400
    assert "generation" in response.json()["error"]["fields"]


def test_edit_with_if_match_and_a_stale_one(client_as, make_item) -> None:
    client = client_as(Role.EDITOR)
    item = make_item()
    url = f"/api/content/{item.pk}/"
    edited = client.patch(url, {"body": "Mine."}, format="json", HTTP_IF_MATCH='"1"')
    assert (edited.status_code, edited.json()["revision"], edited["ETag"]) == (200, 2, '"2"')
    stale = client.patch(url, {"body": "Theirs."}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "conflict"
    assert "revision 2" in error["message"]
    assert "base_revision" in error["fields"]


def test_an_edit_of_the_text_needs_its_base_revision(client_as, make_item) -> None:
    response = client_as(Role.EDITOR).patch(
        f"/api/content/{make_item().pk}/", {"title": "New"}, format="json"
    )
    assert response.status_code == 400
    assert "base_revision" in response.json()["error"]["fields"]


def test_assignee_and_project_change_without_a_revision(client_as, make_item, member, workspace):
    project = Project.objects.create(workspace=workspace, name="Launch", slug="launch")
    colleague = member(Role.EDITOR)
    response = client_as(Role.EDITOR).patch(
        f"/api/content/{make_item().pk}/",
        {"assignee": colleague.pk, "project": project.pk},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["assignee"]["id"], response.json()["project"]) == (
        colleague.pk,
        project.pk,
    )
    assert response.json()["revision"] == 1


def test_a_transition_not_allowed_answers_409_naming_the_allowed_ones(client_as, make_item):
    response = client_as(Role.REVIEWER).post(f"/api/content/{make_item().pk}/publish/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "submit, archive" in response.json()["error"]["message"]


def test_four_eyes_over_the_api(client_as, member, make_item, workspace) -> None:
    reviewer = member(Role.REVIEWER)
    client = client_for(reviewer)
    item = make_item(user=reviewer)
    client.post(f"/api/content/{item.pk}/submit/")
    refused = client.post(f"/api/content/{item.pk}/approve/")
    assert refused.status_code == 403
    assert "someone else" in refused.json()["error"]["message"]
    assert client_as(Role.REVIEWER).post(f"/api/content/{item.pk}/approve/").status_code == 200


def test_request_changes_needs_a_comment_and_records_it(client_as, make_item) -> None:
    item = make_item()
    client_as(Role.EDITOR).post(f"/api/content/{item.pk}/submit/")
    reviewer = client_as(Role.REVIEWER)
    missing = reviewer.post(f"/api/content/{item.pk}/request-changes/", {}, format="json")
    assert missing.status_code == 400
    assert "comment" in missing.json()["error"]["fields"]
    done = reviewer.post(
        f"/api/content/{item.pk}/request-changes/", {"comment": "Shorter."}, format="json"
    )
    assert done.json()["status"] == "changes_requested"
    comments = reviewer.get(f"/api/content/{item.pk}/comments/").json()["results"]
    assert [comment["body"] for comment in comments] == ["Shorter."]
    transitions = reviewer.get(f"/api/content/{item.pk}/transitions/").json()["results"]
    assert [(t["from_status"], t["to_status"]) for t in transitions] == [
        ("draft", "in_review"),
        ("in_review", "changes_requested"),
    ]
    assert transitions[1]["comment"]["body"] == "Shorter."


def test_comments_are_created_and_resolved(client_as, make_item) -> None:
    client = client_as(Role.EDITOR)
    item = make_item()
    made = client.post(f"/api/content/{item.pk}/comments/", {"body": "Typo?"}, format="json")
    assert made.status_code == 201
    resolved = client.post(f"/api/content/{item.pk}/comments/{made.json()['id']}/resolve/")
    assert resolved.json()["resolved"] is True
    assert resolved.json()["resolved_by"] is not None


def test_comments_page_from_the_newest(client_as, make_item) -> None:
    client = client_as(Role.EDITOR)
    item = make_item()
    for body in ["first", "second", "third"]:
        client.post(f"/api/content/{item.pk}/comments/", {"body": body}, format="json")
    url = f"/api/content/{item.pk}/comments/?page_size=2"
    first = client.get(url).json()
    assert ([c["body"] for c in first["results"]], first["count"]) == (["third", "second"], 3)
    older = client.get(f"{url}&page=2").json()["results"]
    assert [c["body"] for c in older] == ["first"]


def test_revisions_and_a_word_level_diff(client_as, make_item) -> None:
    client = client_as(Role.EDITOR)
    item = make_item(body="The cat sat on the mat.")
    client.patch(
        f"/api/content/{item.pk}/",
        {"body": "The dog sat on the mat.", "base_revision": 1},
        format="json",
    )
    revisions = client.get(f"/api/content/{item.pk}/revisions/").json()["results"]
    assert [revision["number"] for revision in revisions] == [2, 1]
    assert client.get(f"/api/content/{item.pk}/revisions/1/").json()["body"].startswith("The cat")
    assert client.get(f"/api/content/{item.pk}/revisions/9/").status_code == 404
    diff = client.get(f"/api/content/{item.pk}/diff/?from=1&to=2").json()
    changed = [(op["op"], op["text"]) for op in diff["ops"] if op["op"] != "equal"]
    assert changed == [("delete", "cat"), ("insert", "dog")]
    missing = client.get(f"/api/content/{item.pk}/diff/?from=1&to=7")
    assert missing.status_code == 400
    assert "to" in missing.json()["error"]["fields"]


def test_list_filters(client_as, make_item, member, workspace, template) -> None:
    project = Project.objects.create(workspace=workspace, name="Launch", slug="launch")
    colleague = member(Role.EDITOR)
    in_project = make_item(project=project)
    assigned = make_item(assignee=colleague)
    old = make_item()
    ContentItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    client = client_as(Role.VIEWER)
    assert _ids(client.get(f"/api/content/?project={project.pk}")) == [in_project.pk]
    assert _ids(client.get(f"/api/content/?assignee={colleague.pk}")) == [assigned.pk]
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()
    assert old.pk not in _ids(client.get("/api/content/", {"created_after": week_ago}))
    assert _ids(client.get("/api/content/", {"created_before": week_ago})) == [old.pk]
    assert _ids(client.get("/api/content/?status=in_review")) == []
    assert client.get("/api/content/?status=nope").status_code == 400
    assert _ids(client.get("/api/content/?ordering=created_at"))[0] == old.pk


def test_list_filter_by_template(client_as, make_generation, make_item, template) -> None:
    client = client_as(Role.EDITOR)
    from_template = client.post(
        "/api/content/", {"generation": make_generation().pk}, format="json"
    ).json()
    make_item()
    assert _ids(client.get(f"/api/content/?template={template.pk}")) == [from_template["id"]]


def test_search_over_title_and_body(client_as, make_item) -> None:
    cats = make_item(body="# Cats\n\nThey sleep all day.")
    dogs = make_item(body="# Dogs\n\nThey bark at the postman.")
    client = client_as(Role.VIEWER)
    assert _ids(client.get("/api/content/?search=postman")) == [dogs.pk]
    assert _ids(client.get("/api/content/?search=cats")) == [cats.pk]
    assert _ids(client.get("/api/content/?search=sleep day")) == [cats.pk]
    assert _ids(client.get("/api/content/?search=giraffe")) == []


def test_a_list_holds_only_the_callers_workspaces(client_as, make_item) -> None:
    mine = make_item()
    other = ContentItem.objects.create(workspace=WorkspaceFactory(), title="x", body="x")
    client = client_as(Role.VIEWER)
    assert _ids(client.get("/api/content/")) == [mine.pk]
    assert client.get(f"/api/content/{other.pk}/").status_code == 404
    assert "body" not in client.get("/api/content/").json()["results"][0]


def test_save_a_batch_as_content_once(client_as, make_batch, workspace) -> None:
    project = Project.objects.create(workspace=workspace, name="Launch", slug="launch")
    batch = make_batch([Generation.Status.SUCCEEDED, Generation.Status.FAILED])
    client = client_as(Role.EDITOR)
    url = f"/api/batches/{batch.pk}/save-as-content/"
    first = client.post(url, {"project": project.pk}, format="json")
    assert first.status_code == 201
    assert (first.json()["created"], first.json()["not_succeeded"]) == (1, 1)
    again = client.post(url, {}, format="json")
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["item_ids"]) == (0, first.json()["item_ids"])
    assert ContentItem.objects.get().project == project
    assert client.post("/api/batches/99999999999999999999999/save-as-content/").status_code == 404


def test_projects_crud_and_progress(client_as, make_item, workspace) -> None:
    client = client_as(Role.EDITOR)
    made = client.post(
        "/api/projects/", {"workspace": workspace.pk, "name": "Spring launch"}, format="json"
    )
    assert made.status_code == 201
    project = made.json()
    assert project["slug"] == "spring-launch"
    duplicate = client.post(
        "/api/projects/", {"workspace": workspace.pk, "name": "Spring launch"}, format="json"
    )
    assert duplicate.status_code == 409
    url = f"/api/projects/{project['id']}/"
    assert client.patch(url, {"due_date": "2030-01-31"}, format="json").json()["due_date"] == (
        "2030-01-31"
    )
    make_item(project=Project.objects.get(pk=project["id"]))
    progress = client.get(f"{url}progress/").json()
    assert progress == {"due_date": "2030-01-31", "items": {"draft": 1}}
    assert client.delete(url).status_code == 403
    assert client_as(Role.ADMIN).delete(url).status_code == 204


def test_projects_are_searched_by_name(client_as, workspace) -> None:
    for name in ["Spring launch", "Autumn sale", "Spring recap"]:
        Project.objects.create(workspace=workspace, name=name, slug=name.lower().replace(" ", "-"))
    found = client_as(Role.VIEWER).get(f"/api/projects/?workspace={workspace.pk}&search=spring")
    assert [p["name"] for p in found.json()["results"]] == ["Spring launch", "Spring recap"]


def test_ids_past_64_bits_are_not_found(client_as, make_item, workspace) -> None:
    client = client_as(Role.ADMIN)
    item = make_item()
    huge = "9" * 30
    assert client.get(f"/api/content/{item.pk}/revisions/{huge}/").status_code == 404
    assert client.post(f"/api/content/{item.pk}/comments/{huge}/resolve/").status_code == 404
    assert client.get(f"/api/workspaces/{huge}/webhooks/").status_code == 404


def test_the_generation_shows_its_content_and_edit_ratio(client_as, make_generation) -> None:
    client = client_as(Role.EDITOR)
    generation = make_generation()
    url = f"/api/generations/{generation.pk}/"
    before = client.get(url).json()
    assert (before["content_item"], before["content_edit_ratio"]) == (None, None)
    item = client.post("/api/content/", {"generation": generation.pk}, format="json").json()
    edited = f"{AI_TEXT} And they purr."
    client.patch(f"/api/content/{item['id']}/", {"body": edited, "base_revision": 1}, format="json")
    after = client.get(url).json()
    assert after["content_item"] == item["id"]
    assert 0 < after["content_edit_ratio"] < 1
    listed = client.get("/api/generations/").json()["results"]
    assert [row["content_edit_ratio"] for row in listed] == [after["content_edit_ratio"]]


def test_a_board_column_reads_no_body_and_no_query_per_item(
    client_as, make_generation, template
) -> None:
    client = client_as(Role.EDITOR)
    for _ in range(3):
        client.post("/api/content/", {"generation": make_generation().pk}, format="json")
    url = "/api/content/?status=draft&ordering=-updated_at&page_size=25"
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(url).json()["results"]
    assert [row["template"] for row in rows] == [template.pk] * 3
    reads = [q["sql"] for q in queries if 'FROM "content_contentitem"' in q["sql"]]
    assert len(reads) == 2  # the count and the page, whatever the page's size
    assert '"content_contentitem"."body"' not in reads[-1]
