"""Sign-in and registration floods: growing delays per account and per client address, and no
pooled database connection held while a password is hashed."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts import lockout, services
from accounts.models import User
from tests.conftest import requires_env
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The lockout's clock, moved by hand: `clock[0] += 30`."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(lockout.time, "time", lambda: now[0])
    return now


@pytest.fixture
def account(db: None) -> User:
    return UserFactory(email="ana@example.com", password=PASSWORD)


def sign_in(client: APIClient, password: str, email: str = "ana@example.com", **extra):
    return client.post("/api/auth/token/", {"email": email, "password": password}, **extra)


def test_the_fifth_failure_locks_the_account_and_the_delay_doubles(
    api_client, account, clock
) -> None:
    failures = [sign_in(api_client, "wrong").status_code for _ in range(5)]
    locked = sign_in(api_client, PASSWORD)  # even the right password waits
    clock[0] += 1
    sixth = sign_in(api_client, "wrong")
    locked_longer = sign_in(api_client, "wrong")

    assert failures == [401] * 5
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "rate_limited"
    assert locked["Retry-After"] == "1"
    assert sixth.status_code == 401
    assert (locked_longer.status_code, locked_longer["Retry-After"]) == (429, "2")


def test_the_delay_stops_growing_at_the_maximum(api_client, account, clock, settings) -> None:
    settings.SIGN_IN_MAX_DELAY_SECONDS = 900
    settings.SIGN_IN_FAILURES_REMEMBERED_SECONDS = 100_000
    for _ in range(20):
        clock[0] += 900
        sign_in(api_client, "wrong")

    assert sign_in(api_client, "wrong")["Retry-After"] == "900"


def test_a_success_after_the_delay_clears_the_failures(api_client, account, clock) -> None:
    for _ in range(5):
        sign_in(api_client, "wrong")
    clock[0] += 1

    signed_in = sign_in(api_client, PASSWORD)
    next_failures = [sign_in(api_client, "wrong").status_code for _ in range(4)]

    assert signed_in.status_code == 200
    assert set(signed_in.json()) == {"access", "refresh"}
    assert next_failures == [401] * 4


def test_unknown_emails_count_as_known_ones(api_client, clock) -> None:
    statuses = [sign_in(api_client, "x", email="nobody@example.com").status_code for _ in range(6)]

    assert statuses == [401] * 5 + [429]


def test_one_address_trying_many_accounts_is_delayed(api_client, clock, settings) -> None:
    settings.SIGN_IN_FREE_FAILURES_PER_ADDRESS = 3
    # Rotating X-Forwarded-For changes nothing: the peer is no trusted proxy.
    statuses = [
        sign_in(
            api_client, "x", email=f"user{n}@example.com", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(4)
    ]
    other_address = sign_in(api_client, "x", email="user9@example.com", REMOTE_ADDR="192.0.2.1")

    assert statuses == [401, 401, 401, 429]
    assert other_address.status_code == 401


def test_a_sign_in_while_another_of_the_account_is_checked_waits(
    api_client, account, clock
) -> None:
    with lockout.sign_in_attempt(email="ana@example.com", address="192.0.2.1"):
        during = sign_in(api_client, PASSWORD)
    after = sign_in(api_client, PASSWORD)

    assert (during.status_code, during.json()["error"]["code"]) == (429, "rate_limited")
    assert after.status_code == 200


def test_registering_a_taken_email_counts_as_a_failure(api_client, account, clock) -> None:
    body = {"email": "ana@example.com", "password": "another-fine-password-1"}
    statuses = [api_client.post("/api/auth/register/", body).status_code for _ in range(6)]

    assert statuses == [409] * 5 + [429]


def test_an_inactive_account_is_refused_like_a_wrong_password(api_client, account) -> None:
    User.objects.filter(pk=account.pk).update(is_active=False)

    refused = sign_in(api_client, PASSWORD)

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "no_active_account"


@requires_env("DATABASE_URL")
@pytest.mark.django_db(transaction=True)
def test_passwords_are_hashed_with_no_pooled_connection_held(
    api_client, monkeypatch, settings
) -> None:
    assert connection.pool is not None
    UserFactory(email="ana@example.com", password=PASSWORD)
    held: list[bool] = []
    check_password = User.check_password
    monkeypatch.setattr(
        User,
        "check_password",
        lambda user, raw: (
            held.append(connection.connection is not None) or check_password(user, raw)
        ),
    )
    make_password = services.make_password
    monkeypatch.setattr(
        services,
        "make_password",
        lambda raw: held.append(connection.connection is not None) or make_password(raw),
    )

    signed_in = sign_in(api_client, PASSWORD)
    unknown = sign_in(api_client, PASSWORD, email="nobody@example.com")
    registered = api_client.post(
        "/api/auth/register/", {"email": "bo@example.com", "password": PASSWORD}
    )

    assert [signed_in.status_code, unknown.status_code, registered.status_code] == [200, 401, 201]
    assert held == [False, False, False]
