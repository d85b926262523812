"""The admin's sign-in page meets the API's growing delays: the password of a staff account
cannot be guessed at full speed through `/admin/login/`."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, password: str):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "staff@example.com", "password": password}
    )


def test_after_the_free_failures_even_the_right_password_waits(settings) -> None:
    UserFactory(email="staff@example.com", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(settings.SIGN_IN_FREE_FAILURES):
        refused = sign_in(client, "a-wrong-guess")
        assert refused.status_code == 200
        assert "correct email" in refused.content.decode().lower()

    locked = sign_in(client, PASSWORD)

    assert locked.status_code == 200  # the form again, with the wait named
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_staff_member_with_the_right_password_signs_in() -> None:
    UserFactory(email="staff@example.com", password=PASSWORD, is_staff=True)

    response = sign_in(Client(), PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
