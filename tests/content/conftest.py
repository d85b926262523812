"""Fixtures for content tests: generations to save as content, and items made by the services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import User, Workspace
from content.models import ContentItem
from content.services.items import item_create
from generations.models import Batch, Generation
from templates_app.models import Template
from tests.factories import TemplateFactory

AI_TEXT = "# Ten tips for cats\n\nCats like warm places and quiet rooms."


@pytest.fixture
def template(workspace: Workspace) -> Template:
    return TemplateFactory(workspace=workspace)


@pytest.fixture
def make_generation(template: Template) -> Callable[..., Generation]:
    def make(
        *,
        output: str = AI_TEXT,
        status: str = Generation.Status.SUCCEEDED,
        batch: Batch | None = None,
        row: int | None = None,
        cost: str = "0.01",
    ) -> Generation:
        return Generation.objects.create(
            workspace=template.workspace,
            template_version=template.current_version,
            batch=batch,
            batch_row=row,
            variables={"topic": "cats"},
            rendered_prompt="Write about cats.",
            provider="local",
            model="local-draft",
            status=status,
            output=output if status == Generation.Status.SUCCEEDED else "",
            cost=cost,
        )

    return make


@pytest.fixture
def make_batch(template: Template, make_generation: Callable[..., Generation]) -> Callable:
    def make(statuses: list[str]) -> Batch:
        batch = Batch.objects.create(
            workspace=template.workspace,
            template_version=template.current_version,
            provider="local",
            model="local-draft",
            status=Batch.Status.COMPLETED,
            total=len(statuses),
        )
        for row, status in enumerate(statuses, start=1):
            make_generation(status=status, batch=batch, row=row, output=f"# Row {row}\n\nText.")
        return batch

    return make


@pytest.fixture
def make_item(workspace: Workspace) -> Callable[..., ContentItem]:
    def make(body: str = AI_TEXT, user: User | None = None, **data: object) -> ContentItem:
        return item_create(workspace=workspace, user=user, data={"body": body, **data})

    return make
