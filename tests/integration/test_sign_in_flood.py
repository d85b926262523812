"""A flood of wrong passwords with rotating `X-Forwarded-For`, against a live server on
PostgreSQL with the production password hasher: it meets 429s, and a signed-in reader is served
throughout (no pooled connection waits on a password hash)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import global_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Role
from tests.conftest import requires_env
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.integration, requires_env("DATABASE_URL")]

ATTEMPTS = 200
# Under the listen backlog of the test server (Django's WSGIServer queues 10): more callers at
# once are refused by the kernel when a loaded machine is slow to accept, not by the app.
THREADS = 8


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrong_password(url: str, number: int) -> int:
    body = json.dumps({"email": "victim@example.com", "password": f"guess-{number}"}).encode()
    headers = {"Content-Type": "application/json", "X-Forwarded-For": f"203.0.113.{number % 250}"}
    return status_of(urllib.request.Request(f"{url}/api/auth/token/", body, headers))


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_flood_meets_429s_while_signed_in_reads_go_on(live_server, settings) -> None:
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the slow one, as in production
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 1_000_000  # the sign-in delays are under test
    UserFactory(email="victim@example.com", password="the-real-one-9")
    reader = MembershipFactory(role=Role.VIEWER).user
    token = str(RefreshToken.for_user(reader).access_token)
    flood_over = threading.Event()
    reads: list[int] = []

    def read_templates() -> None:
        request = urllib.request.Request(
            f"{live_server.url}/api/templates/", headers={"Authorization": f"Bearer {token}"}
        )
        while not flood_over.is_set() or not reads:
            reads.append(status_of(request))

    reader_thread = threading.Thread(target=read_templates)
    reader_thread.start()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(lambda n: wrong_password(live_server.url, n), range(ATTEMPTS)))
    flood_over.set()
    reader_thread.join()

    assert statuses.count(429) > 0, statuses
    assert set(statuses) <= {401, 429}, statuses
    # After the free failures, one attempt per lock that runs out: 1, 2, 4... s, so a dozen
    # would take the flood more than an hour.
    assert statuses.count(401) <= settings.SIGN_IN_FREE_FAILURES + 12, statuses
    assert set(reads) == {200}, reads
