"""The review workflow's status machine.

    draft → in_review → approved → published
    in_review → changes_requested → in_review
    any status → archived → draft (reopen, by an admin)

Each action is allowed from some statuses only; any other answers 409 naming what the item's
status allows. The item's row is locked while the move is checked and written, so of two reviewers
approving at once the second sees the item approved. Every move is a `Transition` row.

Roles are checked by the views (`content.views.items.ACTION_ROLES`); the one rule about people
checked here is four eyes: whoever last submitted an item cannot approve it, unless the workspace
allows self-approval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aiagency.errors import ConflictError, DomainError, ForbiddenError
from content.models import Comment, ContentItem, ContentStatus, Transition
from content.services.events import item_event

S = ContentStatus


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    needs_comment: bool = False


MOVES: dict[str, Move] = {
    "submit": Move((S.DRAFT, S.CHANGES_REQUESTED), S.IN_REVIEW),
    "approve": Move((S.IN_REVIEW,), S.APPROVED),
    "request_changes": Move((S.IN_REVIEW,), S.CHANGES_REQUESTED, needs_comment=True),
    "publish": Move((S.APPROVED,), S.PUBLISHED),
    "archive": Move(tuple(status for status in S.values if status != S.ARCHIVED), S.ARCHIVED),
    "reopen": Move((S.ARCHIVED,), S.DRAFT),
}


def allowed_actions(status: str) -> list[str]:
    return [name for name, move in MOVES.items() if status in move.sources]


def _check_move(item: ContentItem, action: str) -> Move:
    move = MOVES[action]
    if item.status not in move.sources:
        allowed = ", ".join(allowed_actions(item.status)) or _("none")
        raise ConflictError(
            _("An item that is %(status)s cannot %(action)s; allowed from %(status)s: %(allowed)s.")
            % {"status": item.status, "action": action.replace("_", " "), "allowed": allowed},
            field="status",
        )
    return move


def _check_four_eyes(item: ContentItem, user: User | None) -> None:
    if (
        user is not None
        and item.submitted_by_id == user.pk
        and not item.workspace.allow_self_approval
    ):
        raise ForbiddenError(
            _(
                "You submitted this item: someone else must approve it "
                "(the workspace does not allow self-approval)."
            )
        )


def _stamp_submit(item: ContentItem, user: User | None) -> None:
    item.submitted_at, item.submitted_by = timezone.now(), user


def _stamp_review(item: ContentItem, user: User | None) -> None:
    item.reviewer = user


def _stamp_approve(item: ContentItem, user: User | None) -> None:
    item.approved_at, item.reviewer = timezone.now(), user


def _stamp_publish(item: ContentItem, user: User | None) -> None:
    item.published_at = timezone.now()


_STAMPS: dict[str, Callable[[ContentItem, User | None], None]] = {
    "submit": _stamp_submit,
    "approve": _stamp_approve,
    "request_changes": _stamp_review,
    "publish": _stamp_publish,
}


@transaction.atomic
def item_transition(
    *, item: ContentItem, user: User | None, action: str, comment: str = ""
) -> ContentItem:
    """Move `item` by `action` (a key of `MOVES`), recording who, when, from, to and the comment."""
    item = ContentItem.objects.select_for_update().select_related("workspace").get(pk=item.pk)
    move = _check_move(item, action)
    if move.needs_comment and not comment.strip():
        raise DomainError(_("Say what should change."), field="comment")
    if action == "approve":
        _check_four_eyes(item, user)
    note = Comment.objects.create(item=item, author=user, body=comment) if comment.strip() else None
    source = item.status
    item.status = move.target
    if action in _STAMPS:
        _STAMPS[action](item, user)
    item.save()
    Transition.objects.create(
        item=item, actor=user, from_status=source, to_status=move.target, comment=note
    )
    item_event(item=item, action=action, actor_id=user.pk if user else None, comment=comment)
    return item
