"""`Idempotency-Key`: a request repeated with the same key answers the row the first one recorded
(generations, batches, and the apps above them alike: comparisons), and the same key with another
request is a conflict."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy

from accounts.models import User, Workspace
from aiagency.errors import ConflictError
from templates_app.models import Template

# The models a request is replayed from (`Generation`, `Batch`, `Comparison`): each has the
# `idempotency_key` and the `request_fingerprint` of the request that made it.
Row = TypeVar("Row", bound=models.Model)


# By `what` the request is: each a whole sentence, for translators.
_KEY_REUSED = {
    "request": gettext_lazy("This Idempotency-Key was already used with a different request."),
    "batch": gettext_lazy("This Idempotency-Key was already used with a different batch."),
    "comparison": gettext_lazy(
        "This Idempotency-Key was already used with a different comparison."
    ),
}


def fingerprint(material: list[Any]) -> str:
    """What makes two requests "the same" for `Idempotency-Key`: a hash of what they asked."""
    encoded = json.dumps(material, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


class Request(Protocol):
    """A validated request (`GenerationInput`, `BatchInput`, `ComparisonInput`)."""

    @property
    def template(self) -> Template: ...

    def fingerprint(self) -> str: ...


def _nothing_to_undo() -> None:
    return None


@dataclass(frozen=True)
class Idempotent(Generic[Row]):
    """The rows of `model` (with `idempotency_key` and `request_fingerprint`, unique per
    workspace, user and key) that a request with `key` may replay; `what` ("request", "batch" or
    "comparison") names the request in the conflict's message."""

    model: type[Row]
    workspace: Workspace
    user: User | None
    key: str | None
    fingerprint: str
    what: str

    @classmethod
    def of(
        cls, model: type[Row], *, data: Request, user: User | None, key: str | None, what: str
    ) -> Idempotent[Row]:
        return cls(model, data.template.workspace, user, key, data.fingerprint(), what)

    def replay_or(self, create: Callable[[], tuple[Row, bool]]) -> tuple[Row, bool]:
        """`(the first request's row, False)`, or else what `create` answers."""
        replayed = self.replay()
        return (replayed, False) if replayed is not None else create()

    def replay(self) -> Row | None:
        """The row the first request with this key recorded; None without a key or row."""
        if not self.key:
            return None
        rows = self.model._default_manager.filter(
            workspace=self.workspace, user=self.user, idempotency_key=self.key
        )
        first = rows.values("pk", "request_fingerprint").first()
        if first is None:
            return None
        if first["request_fingerprint"] != self.fingerprint:
            raise ConflictError(_KEY_REUSED[self.what], field="Idempotency-Key")
        return rows.get(pk=first["pk"])

    def record(
        self, insert: Callable[[], Row], *, undo: Callable[[], None] = _nothing_to_undo
    ) -> tuple[Row, bool]:
        """`(insert(), True)`; or, when another request with the same key recorded its row
        first (the unique constraint refuses this one), `(that row, False)` after `undo` has
        released what this request held."""
        if not self.key:
            return insert(), True
        try:
            # A savepoint, so that losing the race leaves an enclosing transaction usable.
            with transaction.atomic():
                return insert(), True
        except IntegrityError:
            undo()
            replayed = self.replay()
            if replayed is None:
                raise
            return replayed, False
