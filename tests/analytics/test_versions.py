"""`GET /api/analytics/versions/?template=ID`: a template's figures per version and per label and
canary arm, worked out by hand.

   version label       arm  status     ms   cost    rating  content
   1       ""          -    succeeded  100  0.002   4       approved, edit ratio 0.2
   1       ""          -    failed     300  -       -
   2       production  0    succeeded  200  0.004   -       approved, edit ratio 0.6
   2       production  1    succeeded  400  0.001   2       in review
   2       production  1    succeeded  600  0.001   -       approved, edit ratio 0.4
   2       ""          -    queued (not finished: not counted)
   3       (none)

Evaluations: version 1 passed 0.5 then 0.9 (best 0.9, latest 0.9); version 2 passed 0.8 then
0.6 (best 0.8, latest 0.6), plus one still running (not counted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from content.models import ContentItem, ContentStatus
from evaluations.models import Dataset, Evaluation
from generations.models import Generation, GenerationRating
from templates_app.models import Template, TemplateVersion
from tests.generations.conftest import make_template, with_versions

pytestmark = pytest.mark.django_db

URL = "/api/analytics/versions/"


@pytest.fixture
def template(workspace: Workspace) -> Template:
    return with_versions(make_template(workspace), last=3)


def version(template: Template, number: int) -> TemplateVersion:
    return template.versions.get(number=number)


def generation(
    template: Template, number: int, label: str = "", arm: int | None = None, **fields
) -> Generation:
    fields.setdefault("status", "succeeded")
    return Generation.objects.create(
        workspace=template.workspace,
        template_version=version(template, number),
        label=label,
        label_arm=arm,
        rendered_prompt="p",
        provider="openai",
        model="gpt-test",
        provider_chain=[["openai", "gpt-test"]],
        **fields,
    )


def content(made_from: Generation, *, edit_ratio: float | None) -> None:
    approved = edit_ratio is not None
    ContentItem.objects.create(
        workspace=made_from.workspace,
        title="t",
        body="b",
        generation=made_from,
        status=ContentStatus.APPROVED if approved else ContentStatus.IN_REVIEW,
        edit_ratio=edit_ratio or 0.0,
        approved_at=timezone.now() if approved else None,
    )


def evaluation(template: Template, number: int, pass_rate: float, *, minutes: int) -> Evaluation:
    dataset, _ = Dataset.objects.get_or_create(workspace=template.workspace, name="d")
    return Evaluation.objects.create(
        workspace=template.workspace,
        dataset=dataset,
        template_version=version(template, number),
        provider="openai",
        model="gpt-test",
        status="finished",
        pass_rate=pass_rate,
        finished_at=timezone.now() + timedelta(minutes=minutes),
    )


@pytest.fixture
def history(template: Template, member: Callable) -> dict[str, Evaluation]:
    rater = member(Role.EDITOR)
    first = generation(template, 1, latency_ms=100, cost=Decimal("0.002"))
    GenerationRating.objects.create(generation=first, user=rater, rating=4)
    content(first, edit_ratio=0.2)
    generation(template, 1, status="failed", latency_ms=300)
    stable = generation(template, 2, "production", 0, latency_ms=200, cost=Decimal("0.004"))
    content(stable, edit_ratio=0.6)
    canary = generation(template, 2, "production", 1, latency_ms=400, cost=Decimal("0.001"))
    GenerationRating.objects.create(generation=canary, user=rater, rating=2)
    content(canary, edit_ratio=None)
    approved = generation(template, 2, "production", 1, latency_ms=600, cost=Decimal("0.001"))
    content(approved, edit_ratio=0.4)
    generation(template, 2, status="queued")
    runs = {
        "v1 first": evaluation(template, 1, 0.5, minutes=1),
        "v1 best": evaluation(template, 1, 0.9, minutes=2),
        "v2 best": evaluation(template, 2, 0.8, minutes=3),
        "v2 latest": evaluation(template, 2, 0.6, minutes=4),
    }
    running = evaluation(template, 2, 1.0, minutes=5)
    Evaluation.objects.filter(pk=running.pk).update(status="running")
    return runs


def test_figures_per_version_and_per_canary_arm(
    client_as: Callable[[str], APIClient], template: Template, history: dict[str, Evaluation]
) -> None:
    response = client_as(Role.VIEWER).get(URL, {"template": template.pk})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["template"], body["workspace"]) == (template.pk, template.workspace_id)
    three, two, one = body["versions"]

    assert (three["version"], three["generations"], three["labels"]) == (3, 0, [])
    assert three["success_rate"] is None and three["evaluation_pass_rate"] is None

    assert (one["generations"], one["succeeded"], one["failed"]) == (2, 1, 1)
    assert one["success_rate"] == 0.5
    assert (one["latency_p50_ms"], one["latency_p95_ms"]) == (200.0, 290.0)
    assert Decimal(one["cost"]) == Decimal("0.002")
    assert one["average_rating"] == 4
    assert (one["evaluations"], one["evaluation_pass_rate"]) == (2, 0.9)
    assert one["best_evaluation"] == history["v1 best"].pk
    assert one["latest_evaluation"] == history["v1 best"].pk
    assert (one["content_items"], one["approval_rate"], one["edit_ratio_median"]) == (1, 1.0, 0.2)
    assert [(row["label"], row["arm"]) for row in one["labels"]] == [("", None)]

    assert (two["generations"], two["success_rate"]) == (3, 1.0)  # the queued one waits
    assert (two["latency_p50_ms"], two["latency_p95_ms"]) == (400.0, 580.0)
    assert Decimal(two["cost"]) == Decimal("0.006")
    assert two["average_rating"] == 2
    assert (two["evaluations"], two["evaluation_pass_rate"]) == (2, 0.8)
    assert two["latest_evaluation_pass_rate"] == 0.6
    assert two["latest_evaluation"] == history["v2 latest"].pk
    assert (two["content_items"], two["content_approved"]) == (3, 2)
    assert two["approval_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert two["edit_ratio_median"] == 0.5

    stable, canary = two["labels"]
    assert (stable["label"], stable["arm"], stable["generations"]) == ("production", 0, 1)
    assert (stable["approval_rate"], stable["edit_ratio_median"]) == (1.0, 0.6)
    assert (canary["label"], canary["arm"], canary["generations"]) == ("production", 1, 2)
    assert Decimal(canary["cost"]) == Decimal("0.002")
    assert (canary["latency_p50_ms"], canary["average_rating"]) == (500.0, 2)
    assert (canary["approval_rate"], canary["edit_ratio_median"]) == (0.5, 0.4)


def test_another_workspace_s_template_is_not_found_and_a_bad_id_is_refused(
    outsider_client: APIClient, client_as: Callable[[str], APIClient], template: Template
) -> None:
    assert outsider_client.get(URL, {"template": template.pk}).status_code == 404
    for query in ({}, {"template": "abc"}, {"template": 0}):
        refused = client_as(Role.VIEWER).get(URL, query)
        assert refused.status_code == 400
        assert "template" in refused.json()["error"]["fields"]
