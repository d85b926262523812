"""The comment thread of an item."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from content.models import Comment, ContentItem


def comment_create(*, item: ContentItem, user: User | None, body: str) -> Comment:
    return Comment.objects.create(item=item, author=user, body=body)


def comment_set_resolved(*, comment: Comment, user: User | None, resolved: bool) -> Comment:
    """Resolve (or reopen) a comment; resolving again keeps who resolved it first."""
    if comment.resolved != resolved:
        comment.resolved = resolved
        comment.resolved_by, comment.resolved_at = (
            (user, timezone.now()) if resolved else (None, None)
        )
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment
