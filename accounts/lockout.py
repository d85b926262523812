"""Growing delays after refused sign-ins, per account and per client address.

Its `SIGN_IN_FREE_FAILURES`th failure locks an account (named by its email, known or not) for
one second, the next for two, then four... up to `SIGN_IN_MAX_DELAY_SECONDS`; a client address
the same from its `SIGN_IN_FREE_FAILURES_PER_ADDRESS`th (an office shares one). While
either is locked an attempt is refused (429 `rate_limited`) before its password is looked at, so a
flood costs neither hashing nor database work, and so is one that arrives while another attempt
on the same account is being checked. A success clears the account's failures, and failures are
forgotten `SIGN_IN_FAILURES_REMEMBERED_SECONDS` after the first of their series.

Counters live in the cache (Redis, or each process's memory while Redis is down). Emails are kept
as hashes: no address is written to Redis, and unknown emails count as known ones do.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from accounts.ratelimit import increment_window_counter
from aiagency.errors import DomainError, RateLimited


def _subjects(*, email: str, address: str) -> list[tuple[str, int]]:
    """Each thing counted, with the failures it may have before delays start."""
    account = hashlib.sha256(email.lower().encode()).hexdigest()
    return [
        (f"signin:account:{account}", settings.SIGN_IN_FREE_FAILURES),
        (f"signin:address:{address}", settings.SIGN_IN_FREE_FAILURES_PER_ADDRESS),
    ]


# Longer than any password check; a claim left by a crashed request goes after this.
CHECKING_CLAIM_SECONDS = 10


@contextmanager
def sign_in_attempt(*, email: str, address: str) -> Iterator[None]:
    """Admit one sign-in attempt, or raise `RateLimited`: while the account or the address is
    locked, or while another attempt on the account is being checked (one password hash per
    account at a time, however many requests arrive together). A `DomainError` raised inside
    (a wrong password, a taken email) counts as a failure; leaving normally clears the account's
    failures."""
    subjects = _subjects(email=email, address=address)
    _refuse_while_locked(subjects)
    account = subjects[0][0]
    if not cache.add(f"{account}:checking", 1, timeout=CHECKING_CLAIM_SECONDS):
        raise RateLimited(
            gettext("Another sign-in of this account is being checked: try again in 1 s."),
            retry_after=1,
        )
    try:
        yield
    except DomainError:
        _count_failure(subjects)
        raise
    else:
        cache.delete_many([f"{account}:failures", f"{account}:locked_until"])
    finally:
        cache.delete(f"{account}:checking")


def _refuse_while_locked(subjects: list[tuple[str, int]]) -> None:
    locked = cache.get_many([f"{key}:locked_until" for key, _ in subjects])
    wait = math.ceil(max(locked.values(), default=0.0) - time.time())
    if wait > 0:
        raise RateLimited(
            gettext("Too many failed sign-ins: try again in %(seconds)d s.") % {"seconds": wait},
            retry_after=wait,
        )


def _count_failure(subjects: list[tuple[str, int]]) -> None:
    for key, free_failures in subjects:
        failures = increment_window_counter(
            f"{key}:failures", settings.SIGN_IN_FAILURES_REMEMBERED_SECONDS
        )
        if failures >= free_failures:
            delay = min(2 ** (failures - free_failures), settings.SIGN_IN_MAX_DELAY_SECONDS)
            cache.set(f"{key}:locked_until", time.time() + delay, timeout=delay + 1)
