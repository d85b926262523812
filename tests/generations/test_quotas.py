from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from generations.models import Generation, WorkspaceUsage
from generations.providers import GenerationResult
from generations.services import manager
from generations.services.quotas import budget_exceeded, token_quota_exceeded
from generations.services.runs import generations_sweep
from tests.conftest import client_for, requires_env
from tests.factories import MembershipFactory

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


@pytest.mark.usefixtures("one_rate_window")
def test_per_user_generation_pace(client_as, template, catalogue, settings) -> None:
    settings.GENERATIONS_PER_USER_PER_MINUTE = 2
    client = client_as(Role.EDITOR)

    statuses = [
        client.post("/api/generations/", request_body(template)).status_code for _ in range(3)
    ]
    other_user = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert statuses == [201, 201, 429]
    assert other_user.status_code == 201


@pytest.mark.usefixtures("one_rate_window")
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


# --- concurrency: reservations --------------------------------------------------------------------
CONCURRENT = 30
INPUT_TOKENS, MAX_TOKENS = 10, 1990  # each generation may use, and uses, 2,000 tokens ($0.00399)


class HeldProvider:
    """Answers with a 2,000-token result, but only once every request has either reached it or
    been answered: all those the limits admitted are then in flight at once, whatever the speed
    of the machine."""

    def __init__(self, requests: int) -> None:
        self.requests = requests
        self.arrived = 0
        self.answered = 0
        self.condition = threading.Condition()

    def request_answered(self) -> None:
        with self.condition:
            self.answered += 1
            self.condition.notify_all()

    def provider_for(self, *, provider: str, credentials: object = None) -> HeldProvider:
        return self

    def generate(self, request: object) -> GenerationResult:
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()
            assert self.condition.wait_for(
                lambda: self.arrived + self.answered >= self.requests, timeout=60
            )
        return GenerationResult(
            text="Long.",
            finish_reason="length",
            input_tokens=INPUT_TOKENS,
            output_tokens=MAX_TOKENS,
            model="gpt-test",
        )


def post_concurrently(client_for_thread, body: dict, provider: HeldProvider) -> list[int]:
    statuses: list[int] = []

    def post() -> None:
        try:
            statuses.append(client_for_thread().post("/api/generations/", body).status_code)
        finally:
            provider.request_answered()
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@requires_env("DATABASE_URL")  # SQLite cannot take 30 concurrent writers ("database is locked")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("limit", "value"), [("daily_token_quota", 2500), ("monthly_cost_budget", Decimal("0.01"))]
)
def test_concurrent_generations_overshoot_a_limit_by_one_reservation_at_most(
    template, catalogue, workspace, settings, monkeypatch, limit, value
) -> None:
    settings.GENERATIONS_PER_USER_PER_MINUTE = 1000
    setattr(workspace, limit, value)
    workspace.save()
    provider = HeldProvider(CONCURRENT)
    monkeypatch.setattr(manager, "provider_for", provider.provider_for)
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai": {**settings.AI_PROVIDERS["openai"], "api_key": "openai-test-key"},
    }
    user = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
    body = {
        **request_body(template),
        "provider": "openai",
        "model": "gpt-test",
        "params": {"max_tokens": MAX_TOKENS},
    }

    statuses = post_concurrently(lambda: client_for(user), body, provider)

    used = Generation.objects.filter(status="succeeded").aggregate(
        tokens=Sum(F("input_tokens") + F("output_tokens")), cost=Sum("cost")
    )
    reservation = Generation.objects.filter(status="succeeded").first()
    one = {
        "daily_token_quota": reservation.reserved_tokens,
        "monthly_cost_budget": reservation.reserved_cost,
    }
    spent = used["tokens"] if limit == "daily_token_quota" else used["cost"]
    assert set(statuses) == {201, 429}
    assert spent <= value + one[limit]
    # Settled: nothing is held once every generation has ended, and the row has what was spent.
    usage = WorkspaceUsage.objects.get(workspace=workspace)
    assert (usage.tokens_reserved, usage.cost_reserved) == (0, 0)
    assert (usage.tokens_spent, usage.cost_spent) == (used["tokens"], used["cost"])


def test_a_workspace_without_limits_pays_no_reservation_round_trip(
    client_as, template, catalogue
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client_as(Role.EDITOR).post("/api/generations/", request_body(template))

    assert response.status_code == 201
    assert not [query for query in queries if "workspaceusage" in query["sql"]]


def test_the_sweep_drops_what_a_dead_run_held(template, catalogue, workspace, settings) -> None:
    settings.GENERATION_STALE_AFTER_SECONDS = 60
    workspace.daily_token_quota = 10_000
    workspace.save()
    long_ago = timezone.now() - timedelta(minutes=10)
    # A sync generation whose web process died during the call: it held 2,000 tokens.
    Generation.objects.create(
        workspace=workspace,
        template_version=template.current_version,
        rendered_prompt="p",
        provider="local",
        model="local-draft",
        mode="sync",
        status="running",
        started_at=long_ago,
        reserved_tokens=2000,
    )
    WorkspaceUsage.objects.create(
        workspace=workspace,
        day=long_ago.date(),
        month=long_ago.date().replace(day=1),
        tokens_reserved=2000,
        counted_at=long_ago,
    )

    generations_sweep()

    usage = WorkspaceUsage.objects.get(workspace=workspace)
    assert usage.tokens_reserved == 0
    assert usage.day == timezone.now().date()


def test_metered_calls_count_in_a_recount_and_a_dead_one_holds_nothing(workspace, settings) -> None:
    from generations.models import MeteredCall
    from generations.services.quotas import usage_recount

    settings.GENERATION_STALE_AFTER_SECONDS = 60
    workspace.monthly_cost_budget = Decimal("10")
    workspace.save()
    call = {"workspace": workspace, "purpose": "llm_judge", "provider": "openai", "model": "m"}
    MeteredCall.objects.create(**call, status="succeeded", cost=Decimal("0.5"), input_tokens=9)
    MeteredCall.objects.create(**call, reserved_cost=Decimal("0.25"), reserved_tokens=7)
    dead = MeteredCall.objects.create(**call, reserved_cost=Decimal("4"))
    MeteredCall.objects.filter(pk=dead.pk).update(created_at=timezone.now() - timedelta(minutes=2))

    usage_recount(workspace=workspace, now=timezone.now(), older_than=timedelta(0))

    usage = WorkspaceUsage.objects.get(workspace=workspace)
    assert (usage.cost_spent, usage.tokens_spent) == (Decimal("0.5"), 9)
    assert (usage.cost_reserved, usage.tokens_reserved) == (Decimal("0.25"), 7)


def test_a_budget_refusal_resets_on_the_first_of_next_month_and_a_quota_one_at_midnight():
    now = datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC)

    budget = budget_exceeded("$%(spent)s spent; resets %(resets)s", {"spent": "5.00"}, now=now)
    quota = token_quota_exceeded("resets %(resets)s", {}, now=now)

    assert (budget.message, budget.retry_after) == ("$5.00 spent; resets 2027-01-01", 30)
    assert (quota.message, quota.retry_after) == ("resets 2027-01-01 00:00", 30)


@pytest.mark.parametrize("usage_row", ["missing", "of yesterday"])
def test_a_reservation_whose_usage_row_another_counted_meanwhile_is_not_refused(
    workspace, monkeypatch, usage_row
) -> None:
    """Two reservations find no usage row of today (none yet, or yesterday's), so neither can
    reserve; the other one counts the row afresh and reserves before this one counts. This
    one's count then finds the row counted and has nothing to do: it reserves all the same,
    with room to spare. (Refused, it was "Daily token quota too close: 0 of 1000000 tokens used
    today": the first two rows of a batch after a limit was set lost one row this way.)"""
    from generations.services import quotas

    workspace.daily_token_quota = 1_000_000
    workspace.save()
    if usage_row == "of yesterday":
        yesterday = timezone.now() - timedelta(days=1)
        WorkspaceUsage.objects.create(
            workspace=workspace,
            day=yesterday.date(),
            month=quotas.start_of_month(yesterday).date(),
            counted_at=yesterday,
        )
    wanted = quotas.Usage(tokens=100, cost=Decimal(0))
    recount = quotas.usage_recount

    def the_other_reserves_first(**kwargs):
        monkeypatch.setattr(quotas, "usage_recount", recount)
        quotas.usage_reserve(workspace=workspace, wanted=wanted)
        return recount(**kwargs)

    monkeypatch.setattr(quotas, "usage_recount", the_other_reserves_first)

    quotas.usage_reserve(workspace=workspace, wanted=wanted)

    usage = WorkspaceUsage.objects.get(workspace=workspace)
    assert (usage.day, usage.tokens_reserved) == (timezone.now().date(), 200)
