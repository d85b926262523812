"""Edits of an item's title and body: each one a new immutable revision.

An edit names the revision it started from (`base_revision`); the item's row is locked while the
edit is checked and written, so of two people starting from the same revision the second gets a
conflict naming the newer one instead of silently overwriting the first (as templates do).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz.distance import Levenshtein

from accounts.models import User
from aiagency.errors import ConflictError
from content.models import ContentItem, ContentStatus, Revision

# Statuses in which title and body may change; an approved item is what the reviewer approved.
EDITABLE = (ContentStatus.DRAFT, ContentStatus.IN_REVIEW, ContentStatus.CHANGES_REQUESTED)
_WORD = re.compile(r"\S+")


def edit_ratio(original: str, current: str) -> float:
    """How much of `original` was changed: the word-level edit distance normalised by the longer
    text (0 = untouched, 1 = rewritten)."""
    return round(
        Levenshtein.normalized_distance(_WORD.findall(original), _WORD.findall(current)), 4
    )


def revision_build(
    *, item: ContentItem, number: int, author: User | None, ratio: float
) -> Revision:
    """An unsaved revision holding the item's current title and body."""
    return Revision(
        item=item,
        number=number,
        title=item.title,
        body=item.body,
        author=author,
        edit_ratio=ratio,
    )


def _lock(item: ContentItem, base_revision: int) -> ContentItem:
    locked = ContentItem.objects.select_for_update().get(pk=item.pk)
    if base_revision != locked.revision:
        raise ConflictError(
            _(
                "This item is now at revision %(current)d and your edit started from "
                "revision %(base)d: reload it and apply your change again."
            )
            % {"current": locked.revision, "base": base_revision},
            field="base_revision",
        )
    if locked.status not in EDITABLE:
        raise ConflictError(
            _("An item that is %(status)s cannot be edited.")
            % {"status": locked.get_status_display().lower()},
            field="status",
        )
    return locked


def _original_body(item: ContentItem) -> str:
    return item.revisions.only("body").get(number=1).body


@transaction.atomic
def item_edit(
    *,
    item: ContentItem,
    user: User | None,
    base_revision: int,
    title: str | None = None,
    body: str | None = None,
) -> ContentItem:
    """Change title and/or body; a real change writes revision n+1 and measures `edit_ratio`
    against the first revision (frozen once the item was approved)."""
    item = _lock(item, base_revision)
    new_title = item.title if title is None else title
    new_body = item.body if body is None else body
    if (new_title, new_body) == (item.title, item.body):
        return item
    item.title, item.body = new_title, new_body
    ratio = edit_ratio(_original_body(item), new_body)
    if item.approved_at is None:
        item.edit_ratio = ratio
    item.revision += 1
    revision_build(item=item, number=item.revision, author=user, ratio=ratio).save()
    item.save()
    return item
