"""What each event says: the payloads of content transitions and of the generations app's
signals (connected in `ContentConfig.ready`)."""

from __future__ import annotations

from typing import Any

from content.models import ContentItem
from content.selectors import batch_project
from content.services.webhooks import event_emit
from generations.models import Batch, Generation

# The transitions that are events (archive and reopen are not).
TRANSITION_EVENTS = {
    "submit": "content.submitted",
    "request_changes": "content.changes_requested",
    "approve": "content.approved",
    "publish": "content.published",
}


def item_event(*, item: ContentItem, action: str, actor_id: int | None, comment: str) -> None:
    if action not in TRANSITION_EVENTS:
        return
    data: dict[str, Any] = {
        "item": {
            "id": item.pk,
            "title": item.title,
            "status": item.status,
            "project": item.project_id,
            "revision": item.revision,
            "edit_ratio": item.edit_ratio,
        },
        "actor": actor_id,
        "comment": comment,
    }
    event_emit(workspace_id=item.workspace_id, type=TRANSITION_EVENTS[action], data=data)


def on_batch_finished(sender: type[Batch], batch: Batch, **kwargs: Any) -> None:
    project = batch_project(batch=batch)
    data = {
        "batch": {
            "id": batch.pk,
            "status": batch.status,
            "total": batch.total,
            "template_version": batch.template_version_id,
            "project": project.pk if project else None,
        }
    }
    event_emit(workspace_id=batch.workspace_id, type="batch.finished", data=data)


def on_generation_failed(sender: type[Generation], generation: Generation, **kwargs: Any) -> None:
    data = {
        "generation": {
            "id": generation.pk,
            "provider": generation.provider,
            "model": generation.model,
            "error": generation.error,
            "template_version": generation.template_version_id,
        }
    }
    event_emit(workspace_id=generation.workspace_id, type="generation.failed", data=data)
