from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import Role
from content.models import ContentItem, Project
from content.services.items import item_create, item_create_from_generation
from content.services.revisions import item_edit
from content.services.transitions import item_transition
from generations.models import Generation, GenerationRating
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


def _approve(item: ContentItem, writer, reviewer) -> ContentItem:
    item = item_transition(item=item, user=writer, action="submit")
    return item_transition(item=item, user=reviewer, action="approve")


def _generation(template, cost: str) -> Generation:
    return Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="x",
        provider="local",
        model="local-draft",
        status=Generation.Status.SUCCEEDED,
        output="a b c d",
        cost=cost,
    )


def test_quality_per_template_version_and_project(client_as, member, workspace) -> None:
    template = TemplateFactory(workspace=workspace)
    writer, reviewer = member(Role.EDITOR), member(Role.REVIEWER)
    project = Project.objects.create(workspace=workspace, name="Launch", slug="launch")
    made = [
        item_create_from_generation(
            generation=_generation(template, "0.30"), user=writer, project=project
        ).item
        for _ in range(3)
    ]
    GenerationRating.objects.create(generation=made[0].generation, user=writer, rating=4)
    GenerationRating.objects.create(generation=made[1].generation, user=writer, rating=2)
    edited = item_edit(item=made[0], user=writer, base_revision=1, body="a b c x")
    first = _approve(edited, writer, reviewer)
    ContentItem.objects.filter(pk=first.pk).update(
        approved_at=first.created_at + timedelta(hours=2)
    )
    second = _approve(made[1], writer, reviewer)
    item_transition(item=second, user=reviewer, action="publish")
    item_create(workspace=workspace, user=writer, data={"body": "by hand"})

    response = client_as(Role.VIEWER).get(f"/api/analytics/quality/?workspace={workspace.pk}")
    assert response.status_code == 200
    body = response.json()
    (version,) = [row for row in body["template_versions"] if row["id"] is not None]
    assert version["label"].endswith("v1")
    assert (version["items_created"], version["items_approved"], version["items_published"]) == (
        3,
        2,
        1,
    )
    assert version["approval_rate"] == pytest.approx(0.6667)
    assert version["edit_ratio_median"] == pytest.approx(0.125)  # 0.25 and 0
    assert version["edit_ratio_p90"] == pytest.approx(0.225)
    assert version["rating_mean"] == 3
    # Three generations at 0.30, the rejected draft's included, over two approved items.
    assert version["cost_per_approved_item"] == "0.450000"
    assert version["time_to_approval_median_seconds"] > 0
    hand = [row for row in body["template_versions"] if row["id"] is None]
    assert hand[0]["label"] == "Written by hand"
    launch = next(row for row in body["projects"] if row["id"] == project.pk)
    assert (launch["label"], launch["items_created"]) == ("Launch", 3)


def test_quality_of_another_workspace_is_not_found(outsider_client, workspace) -> None:
    response = outsider_client.get(f"/api/analytics/quality/?workspace={workspace.pk}")
    assert response.status_code == 404


def test_quality_of_one_template_for_its_page(client_as, member, workspace) -> None:
    mine, other = TemplateFactory(workspace=workspace), TemplateFactory(workspace=workspace)
    writer = member(Role.EDITOR)
    for template in (mine, mine, other):
        item_create_from_generation(generation=_generation(template, "0.10"), user=writer)
    item_create(workspace=workspace, user=writer, data={"body": "by hand"})
    url = f"/api/analytics/quality/?workspace={workspace.pk}"
    client = client_as(Role.VIEWER)

    body = client.get(f"{url}&template={mine.pk}").json()

    (version,) = body["template_versions"]
    assert (version["id"], version["items_created"]) == (mine.current_version_id, 2)
    assert [(row["id"], row["items_created"]) for row in body["projects"]] == [(None, 2)]
    assert len(client.get(url).json()["template_versions"]) == 3  # mine, other, by hand
    for bad in ("0", "x", "9" * 30):
        response = client.get(f"{url}&template={bad}")
        assert response.status_code == 400
        assert "template" in response.json()["error"]["fields"]
