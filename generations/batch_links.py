"""What the apps above this one link to a batch (the content app: the project it belongs to),
so that this app never imports them (the layers run one way).

An app registers a `BatchLink` in its `AppConfig.ready()` and keeps the link in its own tables.
The batches API then takes the link's field on create (checked against the batch's workspace,
recorded in the batch's transaction, part of the `Idempotency-Key` fingerprint), shows it in
every batch it answers, and filters its list by it (`?<name>=`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import django_filters
    from django.db.models import QuerySet
    from rest_framework import serializers

    from accounts.models import Workspace
    from generations.models import Batch


class BatchLink(Protocol):
    # The create request's field, the answer's field and the list's query parameter.
    name: str

    def request_field(self) -> serializers.Field:
        """Reads the request's value (e.g. an id into its row); optional, null allowed."""
        ...

    def answer_field(self) -> serializers.Field:
        """Reads the link from a batch of `selectors.batch_list()` (read-only)."""
        ...

    def list_filter(self) -> django_filters.Filter: ...

    def prepare(self, batches: QuerySet[Batch]) -> QuerySet[Batch]:
        """The joins `answer_field` reads, added to every batch read."""
        ...

    def check(self, *, value: Any, workspace: Workspace) -> None:
        """Raise `DomainError` naming the field when `value` cannot go with a batch of
        `workspace` (a dry run checks it too)."""
        ...

    def attach(self, *, batch: Batch, value: Any) -> None:
        """Record the link of a new batch, in the transaction that records the batch."""
        ...


_links: dict[str, BatchLink] = {}


def register_batch_link(link: BatchLink) -> None:
    _links[link.name] = link


def batch_links() -> list[BatchLink]:
    return list(_links.values())


def batch_link(name: str) -> BatchLink:
    return _links[name]
