"""Creating content: written by hand, from a succeeded generation, or from a batch's rows.

A generation becomes content once (a one-to-one link): saving it again, alone or with its batch,
answers the item it already became.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, User, Workspace
from aiagency.errors import ConflictError, DomainError
from content.models import ContentItem, Project, Revision
from content.services.projects import project_check
from content.services.revisions import revision_build
from generations.models import Batch, Generation
from templates_app.services.content import workspace_language_tag

logger = logging.getLogger("aiagency.content")

TITLE_LENGTH = 300  # `ContentItem.title`
_UNTITLED = "Untitled"
# Markdown's bold and code marks, which a title shows as text: `**cork**` reads "cork".
_INLINE_MARKS = re.compile(r"\*\*|__|`")


def title_from(text: str) -> str:
    """The first heading or, without one, the first non-empty line, without Markdown's `#`s and
    bold or code marks; a longer one is cut with an ellipsis, so the cut shows."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading = next((line for line in lines if line.startswith("#")), None)
    line = heading or (lines[0] if lines else _UNTITLED)
    title = _INLINE_MARKS.sub("", line.lstrip("#")).strip() or _UNTITLED
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rstrip() + "…"
    return title


def _check_assignee(assignee: User | None, workspace_id: int) -> None:
    if (
        assignee is not None
        and not Membership.objects.filter(user=assignee, workspace_id=workspace_id).exists()
    ):
        raise DomainError(_("The assignee is not a member of this workspace."), field="assignee")


@transaction.atomic
def item_create(*, workspace: Workspace, user: User | None, data: Mapping[str, Any]) -> ContentItem:
    """An item written by hand (`title` defaults to the body's first heading or line)."""
    project = data.get("project")
    project_check(project=project, workspace_id=workspace.pk)
    _check_assignee(data.get("assignee"), workspace.pk)
    body = data["body"]
    item = ContentItem.objects.create(
        workspace=workspace,
        project=project,
        title=data.get("title") or title_from(body),
        body=body,
        language=workspace_language_tag(workspace),
        assignee=data.get("assignee"),
        created_by=user,
    )
    revision_build(item=item, number=1, author=user, ratio=0.0).save()
    return item


def _item_for(
    generation: Generation, user: User | None, project: Project | None, language: str
) -> ContentItem:
    return ContentItem(
        workspace_id=generation.workspace_id,
        project=project,
        title=title_from(generation.output),
        body=generation.output,
        language=language,
        generation=generation,
        template_version_id=generation.template_version_id,
        created_by=user,
    )


@dataclass
class ItemFromGeneration:
    item: ContentItem
    created: bool


@transaction.atomic
def item_create_from_generation(
    *, generation: Generation, user: User | None, project: Project | None = None
) -> ItemFromGeneration:
    """The item made from `generation` (its output as revision 1), or the one it already became."""
    if generation.status != Generation.Status.SUCCEEDED:
        raise ConflictError(
            _("Only a succeeded generation becomes content; this one is %(status)s.")
            % {"status": generation.status},
            field="generation",
        )
    project_check(project=project, workspace_id=generation.workspace_id)
    # Locking the generation serialises two saves of it: the second finds the first's item. A
    # batch's row takes its batch's lock first, as a save of the whole batch does.
    if generation.batch_id is not None:
        Batch.objects.select_for_update().filter(pk=generation.batch_id).first()
    Generation.objects.select_for_update().filter(pk=generation.pk).first()
    existing = ContentItem.objects.filter(generation=generation).first()
    if existing is not None:
        return ItemFromGeneration(existing, created=False)
    item = _item_for(generation, user, project, generation.template_version.template.language)
    item.save()
    revision_build(item=item, number=1, author=None, ratio=0.0).save()
    return ItemFromGeneration(item, created=True)


@dataclass
class BatchSaved:
    """What `save-as-content` did: every item of the batch's succeeded rows, and counts."""

    batch: Batch
    created: int
    already_saved: int
    not_succeeded: int
    item_ids: list[int] = field(default_factory=list)


@transaction.atomic
def items_from_batch(
    *, batch: Batch, user: User | None, project: Project | None = None
) -> BatchSaved:
    """Every succeeded row of `batch` as a draft in `project`, once: rows saved before keep
    their item.

    The batch's row is locked, so two concurrent saves create each item once."""
    project_check(project=project, workspace_id=batch.workspace_id)
    Batch.objects.select_for_update().filter(pk=batch.pk).first()
    rows = Generation.objects.filter(batch=batch)
    succeeded = rows.filter(status=Generation.Status.SUCCEEDED)
    saved = dict(
        ContentItem.objects.filter(generation__batch=batch).values_list("generation_id", "id")
    )
    language = batch.template_version.template.language
    new = [
        _item_for(generation, user, project, language)
        for generation in succeeded.exclude(pk__in=list(saved)).order_by("batch_row", "id")
    ]
    created = ContentItem.objects.bulk_create(new, batch_size=500)
    Revision.objects.bulk_create(
        [revision_build(item=item, number=1, author=None, ratio=0.0) for item in created],
        batch_size=500,
    )
    not_succeeded = rows.exclude(status=Generation.Status.SUCCEEDED).count()
    if not_succeeded:
        logger.info(
            "batch rows not saved as content: they did not succeed",
            extra={"batch": batch.pk, "rows": not_succeeded},
        )
    ids = sorted([*saved.values(), *(item.pk for item in created)])
    return BatchSaved(batch, len(created), len(saved), not_succeeded, ids)


def item_update_meta(*, item: ContentItem, data: Mapping[str, Any]) -> ContentItem:
    """Change project and assignee (title and body change through `item_edit`)."""
    if "project" in data:
        project_check(project=data["project"], workspace_id=item.workspace_id)
    if "assignee" in data:
        _check_assignee(data["assignee"], item.workspace_id)
    fields = [name for name in ("project", "assignee") if name in data]
    for name in fields:
        setattr(item, name, data[name])
    if fields:
        item.save(update_fields=[*fields, "updated_at"])
    return item
