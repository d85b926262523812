from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from generations.models import Generation
from generations.providers import GenerationResult

pytestmark = pytest.mark.django_db


def request_body(template) -> dict:
    return {"template": template.pk, "variables": {"topic": "tea"}, "cache": False}


def spend(template, *, cost: str = "0", tokens: int = 0) -> None:
    Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="p",
        provider="openai",
        model="gpt-test",
        status="succeeded",
        cost=Decimal(cost),
        input_tokens=tokens,
    )


def test_monthly_budget_reached_answers_429_saying_which_limit(
    client_as, template, catalogue, workspace
) -> None:
    workspace.monthly_cost_budget = Decimal("5.00")
    workspace.save()
    spend(template, cost="5.00")

    response = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert response.status_code == 429
    assert "Monthly cost budget" in response.json()["error"]["message"]
    assert "resets on" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0
    assert Generation.objects.count() == 1


def test_under_budget_generation_goes_ahead(client_as, template, catalogue, workspace) -> None:
    workspace.monthly_cost_budget = Decimal("5.00")
    workspace.save()
    spend(template, cost="4.99")

    response = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert response.status_code == 201


def test_daily_token_quota(client_as, template, catalogue, workspace) -> None:
    workspace.daily_token_quota = 1000
    workspace.save()
    spend(template, tokens=1000)

    response = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert response.status_code == 429
    assert "Daily token quota" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("limit", "value"), [("monthly_cost_budget", Decimal("3.00")), ("daily_token_quota", 3_000_000)]
)
def test_finished_generations_count_toward_a_limit_without_a_recount(
    client_as, template, catalogue, scripts, workspace, limit, value
) -> None:
    """Each generation costs $2.00 (2M input tokens at $1/M): the third goes over either limit."""
    setattr(workspace, limit, value)
    workspace.save()
    answer = GenerationResult(
        text="Long.", finish_reason="stop", input_tokens=2_000_000, output_tokens=0, model="m"
    )
    scripts["openai"].extend([answer, answer])
    client = client_as(Role.EDITOR)
    body = {**request_body(template), "provider": "openai", "model": "gpt-test"}

    statuses = [client.post("/api/generations/", body).status_code for _ in range(2)]
    with CaptureQueriesContext(connection) as third:
        statuses.append(client.post("/api/generations/", body).status_code)

    assert statuses == [201, 201, 429]
    assert not [query for query in third if "SUM(" in query["sql"]]  # the kept total answered


def test_per_user_generation_pace(client_as, template, catalogue, settings) -> None:
    settings.GENERATIONS_PER_USER_PER_MINUTE = 2
    client = client_as(Role.EDITOR)

    statuses = [
        client.post("/api/generations/", request_body(template)).status_code for _ in range(3)
    ]
    other_user = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert statuses == [201, 201, 429]
    assert other_user.status_code == 201


def test_the_pace_limit_has_its_own_code_not_the_budget_s(client_as, template, catalogue, settings):
    settings.GENERATIONS_PER_USER_PER_MINUTE = 1
    client = client_as(Role.EDITOR)
    client.post("/api/generations/", request_body(template))

    response = client.post("/api/generations/", request_body(template))

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_workspace_limits_are_set_by_admins_with_validation(client_as, workspace) -> None:
    admin, editor = client_as(Role.ADMIN), client_as(Role.EDITOR)

    saved = admin.patch(f"/api/workspaces/{workspace.pk}/", {"monthly_cost_budget": "25.50"})
    negative = admin.patch(f"/api/workspaces/{workspace.pk}/", {"daily_token_quota": -1})
    forbidden = editor.patch(f"/api/workspaces/{workspace.pk}/", {"daily_token_quota": 5})

    assert saved.status_code == 200 and saved.json()["monthly_cost_budget"] == "25.50"
    assert negative.status_code == 400 and "daily_token_quota" in negative.json()["error"]["fields"]
    assert forbidden.status_code == 403
