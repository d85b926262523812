from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from tests.accounts.conftest import link_in
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


def ask_reset(client: APIClient, email: str):
    return client.post("/api/auth/password-reset/", {"email": email})


def link_params(message) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(link_in(message)).query).items()}


def test_a_reset_mails_a_link_to_the_dashboard_page(api_client, deliver, mailoutbox, settings):
    settings.SITE_URL = "https://app.example.com"
    user = UserFactory(email="ada@example.com")

    with deliver():
        response = ask_reset(api_client, "ADA@example.com")

    assert response.status_code == 202
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "Reset your AI Agency password"
    link = urlsplit(link_in(message))
    assert (link.scheme, link.netloc, link.path) == ("https", "app.example.com", "/reset-password")
    assert set(link_params(message)) == {"uid", "token"}
    assert user.first_name in message.body


def test_an_unknown_address_gets_the_same_answer_and_no_mail(api_client, deliver, mailoutbox):
    UserFactory(email="ada@example.com")

    with deliver():
        known = ask_reset(api_client, "ada@example.com")
        unknown = ask_reset(api_client, "nobody@example.com")

    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]


def test_an_inactive_account_gets_no_mail(api_client, deliver, mailoutbox):
    UserFactory(email="gone@example.com", is_active=False)

    with deliver():
        assert ask_reset(api_client, "gone@example.com").status_code == 202

    assert mailoutbox == []


def test_the_link_sets_a_new_password_once_and_ends_every_session(api_client, deliver, mailoutbox):
    user = UserFactory()
    session = api_client.post("/api/auth/token/", {"email": user.email, "password": PASSWORD})
    with deliver():
        ask_reset(api_client, user.email)
    params = link_params(mailoutbox[0])

    confirmed = api_client.post(
        "/api/auth/password-reset/confirm/", {**params, "password": NEW_PASSWORD}
    )
    reused = api_client.post(
        "/api/auth/password-reset/confirm/", {**params, "password": "another-passphrase-77"}
    )

    assert confirmed.status_code == 204
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert reused.status_code == 400
    assert "token" in reused.json()["error"]["fields"]
    old_refresh = api_client.post(
        "/api/auth/token/refresh/", {"refresh": session.json()["refresh"]}
    )
    assert old_refresh.status_code == 401


def test_an_expired_link_is_refused_naming_the_token(api_client, deliver, mailoutbox, settings):
    user = UserFactory()
    with deliver():
        ask_reset(api_client, user.email)
    params = link_params(mailoutbox[0])
    # Tokens count whole seconds: with a lifetime of -1 one made this very second has expired.
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = api_client.post(
        "/api/auth/password-reset/confirm/", {**params, "password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert "token" in response.json()["error"]["fields"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"token": "2x4-0123456789abcdef0123456789abcdef"}, "token"),
        ({"uid": "bm90LWEtbnVtYmVy"}, "token"),
        ({"uid": "%%%"}, "token"),
        ({"password": "12345678"}, "password"),
        ({"password": "short"}, "password"),
    ],
)
def test_bad_confirmations_name_the_field(
    api_client, deliver, mailoutbox, change: dict, field: str
):
    user = UserFactory()
    with deliver():
        ask_reset(api_client, user.email)
    payload = {**link_params(mailoutbox[0]), "password": NEW_PASSWORD, **change}

    response = api_client.post("/api/auth/password-reset/confirm/", payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_resets_are_limited_per_address_known_or_not(api_client, settings):
    settings.ACCOUNT_EMAIL_ACTIONS_PER_HOUR = 2
    UserFactory(email="ada@example.com")

    known = [ask_reset(api_client, "ada@example.com").status_code for _ in range(3)]
    unknown = [ask_reset(api_client, "nobody@example.com").status_code for _ in range(3)]

    assert known == unknown == [202, 202, 429]


def test_resets_are_limited_per_client_address(settings):
    settings.ACCOUNT_CLIENT_ACTIONS_PER_HOUR = 2
    client = APIClient(REMOTE_ADDR="203.0.113.9")

    statuses = [ask_reset(client, f"user{n}@example.com").status_code for n in range(3)]

    assert statuses == [202, 202, 429]
    assert ask_reset(APIClient(REMOTE_ADDR="203.0.113.10"), "x@example.com").status_code == 202


def test_a_malformed_address_names_the_field(api_client):
    response = ask_reset(api_client, "not-an-address")

    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


def test_a_signed_in_client_may_ask_too(deliver, mailoutbox):
    user = UserFactory()

    with deliver():
        response = ask_reset(client_for(user), user.email)

    assert response.status_code == 202
    assert len(mailoutbox) == 1
