"""Bearer callers remembered for a few seconds in each process: their validated access token, and
their user with `{workspace_id: role}`.

Every request with a bearer token checks the token's signature and claims and reads the user with
their roles (`selectors.user_with_workspace_roles`: a SELECT, a round trip to the database).
Here both are kept per process: a token until its own expiry (what validation found cannot change
before then: access tokens are never blacklisted), and the user with their roles for
`AUTH_CACHE_SECONDS` (5 by default; 0 reads them on every request).

The bound: a user or a membership saved or deleted through the ORM (`save`, `delete`, a cascade,
the admin, every service here) drops that user's entry in the process that made the change at
once (`forget_on_change`); other processes, and changes made without signals (`QuerySet.update`,
SQL), take effect within `AUTH_CACHE_SECONDS` of the change. So a deactivated or deleted user, a
removed membership or a lowered role is refused at most that long after it, and not later.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from rest_framework_simplejwt.tokens import Token

from accounts.models import Membership, User
from accounts.selectors import user_with_workspace_roles

# Each map is emptied when it reaches this size: a bound on memory, not an eviction policy (the
# entries of a busy process are re-read within seconds anyway).
MAX_ENTRIES = 4096


@dataclass(frozen=True)
class _Caller:
    until: float  # time.monotonic()
    user: User
    roles: dict[int, str]


_callers: dict[Any, _Caller] = {}
_tokens: dict[bytes, tuple[float, Token]] = {}  # raw token: (its expiry, Unix time; the token)
# Counts the changes seen; a read that overlapped one is not kept (it may predate the change).
_changes = 0


def recent_user_with_workspace_roles(user_id: Any) -> tuple[User, dict[int, str]] | None:
    """`selectors.user_with_workspace_roles`, read at most `AUTH_CACHE_SECONDS` ago in this
    process. The user is a copy of its own for the caller, and so are the roles."""
    seconds = settings.AUTH_CACHE_SECONDS
    if seconds <= 0:
        return user_with_workspace_roles(user_id=user_id)
    now = time.monotonic()
    caller = _callers.get(user_id)
    if caller is None or caller.until <= now:
        changes = _changes
        found = user_with_workspace_roles(user_id=user_id)
        if found is None:
            return None
        caller = _Caller(now + seconds, *found)
        if changes == _changes:
            _remember(_callers, user_id, caller)
    return copy.copy(caller.user), dict(caller.roles)


def recent_validated_token(raw_token: bytes, validate: Callable[[bytes], Token]) -> Token:
    """`validate(raw_token)`, or the token it gave for the same bytes before, until that token
    expires. Only valid tokens are kept: an invalid one is validated (and refused) every time."""
    if settings.AUTH_CACHE_SECONDS <= 0:
        return validate(raw_token)
    kept = _tokens.get(raw_token)
    if kept is not None and kept[0] > time.time():
        return kept[1]
    token = validate(raw_token)
    expiry = token.get("exp")
    if isinstance(expiry, int | float):
        _remember(_tokens, raw_token, (expiry, token))
    return token


def forget_all() -> None:
    """Drop every entry of this process (tests, between two databases)."""
    global _changes
    _changes += 1
    _callers.clear()
    _tokens.clear()


def forget_on_change(sender: type, instance: User | Membership, **kwargs: Any) -> None:
    """Receiver of `post_save` and `post_delete` of `User` and `Membership` (connected in
    `AccountsConfig.ready`): the user's entry goes at once in this process."""
    global _changes
    _changes += 1
    user_id = instance.pk if isinstance(instance, User) else instance.user_id
    # The token's claim may be a string or an int: both keys go.
    _callers.pop(user_id, None)
    _callers.pop(str(user_id), None)


def connect_signals() -> None:
    for model in (User, Membership):
        for signal in (post_save, post_delete):
            signal.connect(forget_on_change, sender=model, dispatch_uid=f"recent_callers_{model}")


def _remember(entries: dict[Any, Any], key: Any, value: Any) -> None:
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    entries[key] = value
