"""Database connections held only while they are used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import IntegrityError, connection, transaction


def release_pooled_connection() -> None:
    """Hand this thread's pooled database connection back before slow work that needs none (a
    provider call, hashing a password, the wait between two polls of a progress stream); the
    next query takes one again. Requests waiting on such
    work must not exhaust the pool. Not inside a transaction, which needs its connection; and
    only a pooled connection, since closing any other would mean reconnecting."""
    if getattr(connection, "pool", None) is not None and not connection.in_atomic_block:
        connection.close()


@contextmanager
def unique_or(taken: Callable[[], Exception]) -> Iterator[None]:
    """The writes inside, in a savepoint (an enclosing transaction stays usable), of a row whose
    one unique value the caller checked was free: a concurrent write that took it since makes
    the constraint refuse them, and `taken()` is raised (a 409 naming the field), not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise taken() from error


T = TypeVar("T")
# Tries at a slug made from a name, each after a concurrent create took the one before.
SLUG_TRIES = 3


def create_with_slug(
    create: Callable[[str], T],
    *,
    given: str | None,
    free: Callable[[], str],
    taken: Callable[[], Exception],
) -> T:
    """`create(slug)` of a row whose slug is unique: the slug `given`, or else the one `free`
    finds free (made from a name). A concurrent create may take it between the two (the unique
    constraint refuses this INSERT): a slug given is then `taken()`, raised; one made is made
    again, the next free one, up to `SLUG_TRIES` times."""
    attempt = 1
    while True:
        slug = given or free()
        try:
            with transaction.atomic():  # a savepoint: an enclosing transaction stays usable
                return create(slug)
        except IntegrityError as error:
            if given or attempt == SLUG_TRIES:
                raise taken() from error
            attempt += 1
