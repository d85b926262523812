"""A small workspace history whose figures are worked out by hand in the tests.

All in June 2025 (Lisbon is UTC+1, Tokyo UTC+9, Kolkata UTC+5:30):

   created UTC  status     route                  template user  ms   in    out   cost
g1 06-10 09:00  succeeded  openai/gpt-test        blog     ada   100  1000  500   0.002   rating 5
g2 06-10 10:00  succeeded  openai/gpt-test        blog     bob   200  2000  1000  0.004   rating 3
g3 06-10 23:30  succeeded  anthropic/claude-test  news     ada   400  1000  100   0.0045  fallback
g4 06-11 12:00  failed     openai/gpt-test        news     bob   800  0     0     -
g5 06-11 13:00  succeeded  openai/gpt-test        blog     ada   10   1000  500   0       cached
g6 06-12 08:00  cancelled  anthropic/claude-test  blog     ada   -    0     0     -

plus a queued generation (not finished: never counted) and one in another workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User, Workspace
from generations.models import Generation, GenerationRating
from templates_app.models import Template, TemplateVersion
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.generations.conftest import make_template


def at(month_day: str, time: str) -> datetime:
    return datetime.fromisoformat(f"2025-{month_day}T{time}:00").replace(tzinfo=UTC)


def make_generation(
    *, template: Template, created_at: datetime, status: str = "succeeded", **fields: Any
) -> Generation:
    """A finished generation created at `created_at` (auto_now_add is overridden afterwards)."""
    provider = fields.setdefault("provider", "openai")
    model = fields.setdefault("model", "gpt-test")
    fields.setdefault("provider_chain", [[provider, model]])
    rating = fields.pop("rating", None)
    generation = Generation.objects.create(
        workspace=template.workspace,
        template_version=template.current_version,
        rendered_prompt="Write about tea.",
        status=status,
        **fields,
    )
    if rating is not None:
        GenerationRating.objects.create(generation=generation, user=generation.user, rating=rating)
    Generation.objects.filter(pk=generation.pk).update(created_at=created_at)
    generation.created_at = created_at
    return generation


@dataclass
class History:
    workspace: Workspace
    blog: Template
    news: Template
    ada: User
    bob: User
    generations: dict[str, Generation]


@pytest.fixture
def history(workspace: Workspace) -> History:
    ada = MembershipFactory(workspace=workspace, role=Role.VIEWER, user__email="ada@x.org").user
    bob = MembershipFactory(workspace=workspace, role=Role.EDITOR, user__email="bob@x.org").user
    blog = make_template(workspace)
    news = Template.objects.create(workspace=workspace, name="Newsletter", slug="news")
    news.current_version = TemplateVersion.objects.create(
        template=news, number=1, body="News about {{ topic }}.", variables=[]
    )
    news.save(update_fields=["current_version"])
    g = {
        "g1": make_generation(
            template=blog, user=ada, created_at=at("06-10", "09:00"), latency_ms=100,
            input_tokens=1000, output_tokens=500, cost=Decimal("0.002"), rating=5,
        ),
        "g2": make_generation(
            template=blog, user=bob, created_at=at("06-10", "10:00"), latency_ms=200,
            input_tokens=2000, output_tokens=1000, cost=Decimal("0.004"), rating=3,
        ),
        "g3": make_generation(
            template=news, user=ada, created_at=at("06-10", "23:30"), latency_ms=400,
            provider="anthropic", model="claude-test",
            provider_chain=[["openai", "gpt-test"], ["anthropic", "claude-test"]],
            input_tokens=1000, output_tokens=100, cost=Decimal("0.0045"),
        ),
        "g4": make_generation(
            template=news, user=bob, created_at=at("06-11", "12:00"), status="failed",
            latency_ms=800,
        ),
        "g5": make_generation(
            template=blog, user=ada, created_at=at("06-11", "13:00"), latency_ms=10,
            input_tokens=1000, output_tokens=500, cost=Decimal(0), cache_hit=True,
        ),
        "g6": make_generation(
            template=blog, user=ada, created_at=at("06-12", "08:00"), status="cancelled",
            provider="anthropic", model="claude-test",
        ),
    }  # fmt: skip
    make_generation(template=blog, user=ada, created_at=at("06-11", "10:00"), status="queued")
    elsewhere = make_template(WorkspaceFactory())
    make_generation(
        template=elsewhere, user=UserFactory(), created_at=at("06-10", "12:00"), latency_ms=5
    )
    return History(workspace, blog, news, ada, bob, g)


@pytest.fixture
def viewer_client(history: History) -> APIClient:
    """Ada is a viewer: viewers may read analytics."""
    return client_for(history.ada)


def query(history: History, **params: Any) -> dict[str, Any]:
    return {"workspace": history.workspace.pk, "start": "2025-06-10", "end": "2025-06-12", **params}
