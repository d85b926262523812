"""The language of an answer: the user's saved `language`, else Accept-Language, else English,
for each way of authenticating; error codes stay English. The saved language and time zone are
edited with PATCH /api/me/ and given at sign-up."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Role, User, Workspace
from accounts.services import api_key_create
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# A query every member may make, refused for its time zone: the message is the project's own.
UNKNOWN_ZONE = {"tz": "Mars/Olympus_Mons"}
ENGLISH = "Unknown time zone “Mars/Olympus_Mons”."
PORTUGUESE = "Fuso horário desconhecido: “Mars/Olympus_Mons”."


def _refused(client: APIClient, workspace: Workspace, **headers: str) -> dict:
    response = client.get(
        "/api/analytics/summary/", {"workspace": workspace.pk, **UNKNOWN_ZONE}, **headers
    )
    assert response.status_code == 400
    return response


def _jwt_client(user: User) -> APIClient:
    return client_for(user)


def _api_key_client(user: User) -> APIClient:
    membership = user.memberships.get()
    _key, raw = api_key_create(
        workspace=membership.workspace,
        user=user,
        name="script",
        role=Role.VIEWER,
        actor_role=membership.role,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def _session_client(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


AUTH_PATHS: dict[str, Callable[[User], APIClient]] = {
    "jwt": _jwt_client,
    "api_key": _api_key_client,
    "session": _session_client,
}


@pytest.fixture
def viewer(workspace: Workspace) -> User:
    return MembershipFactory(workspace=workspace, role=Role.VIEWER).user


@pytest.mark.parametrize("auth", AUTH_PATHS)
def test_accept_language_chooses_the_language_when_none_is_saved(
    auth: str, viewer: User, workspace: Workspace
) -> None:
    client = AUTH_PATHS[auth](viewer)

    english = _refused(client, workspace).json()["error"]
    portuguese = _refused(client, workspace, HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").json()["error"]

    assert english["code"] == portuguese["code"] == "invalid"
    assert english["fields"] == {"tz": [ENGLISH]}
    assert english["message"] == "Invalid input: tz."
    assert portuguese["fields"] == {"tz": [PORTUGUESE]}
    assert portuguese["message"] == "Dados inválidos: tz."


@pytest.mark.parametrize("auth", AUTH_PATHS)
def test_the_saved_language_wins_over_accept_language(
    auth: str, viewer: User, workspace: Workspace
) -> None:
    viewer.language = "pt-br"
    viewer.save(update_fields=["language"])
    client = AUTH_PATHS[auth](viewer)

    response = _refused(client, workspace, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.json()["error"]["fields"] == {"tz": [PORTUGUESE]}
    assert response["Content-Language"] == "pt-br"


def test_an_unknown_language_answers_in_english(viewer: User, workspace: Workspace) -> None:
    response = _refused(client_for(viewer), workspace, HTTP_ACCEPT_LANGUAGE="ja,de;q=0.5")

    assert response.json()["error"]["fields"] == {"tz": [ENGLISH]}
    assert response["Content-Language"] == "en"


def test_an_anonymous_request_follows_accept_language(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register/",
        {"email": "not-an-address", "password": "a long password 123"},
        HTTP_ACCEPT_LANGUAGE="pt-BR",
    )

    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid"
    assert error["message"] == "Dados inválidos: email."
    assert error["fields"]["email"] == ["Insira um endereço de email válido."]  # DRF's own


def test_a_domain_error_is_translated_too(viewer: User, workspace: Workspace) -> None:
    client = _api_key_client(viewer)

    response = client.patch("/api/me/", {"name": "Ana"}, HTTP_ACCEPT_LANGUAGE="pt-BR")

    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "permission_denied",
        "message": "Uma chave de API não pode alterar o nome nem a senha de quem a criou.",
        "fields": {},
    }


# --- the saved preference -------------------------------------------------------------------------
def test_me_shows_and_saves_language_and_time_zone(user: User) -> None:
    client = client_for(user)
    me = client.get("/api/me/").json()
    assert (me["language"], me["time_zone"]) == ("", "UTC")

    response = client.patch(
        "/api/me/", {"language": "pt-br", "time_zone": "America/Sao_Paulo"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["language"] == "pt-br"
    assert response.json()["time_zone"] == "America/Sao_Paulo"
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("pt-br", "America/Sao_Paulo")
    # Blank again: answers follow Accept-Language.
    assert client.patch("/api/me/", {"language": ""}, format="json").json()["language"] == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "fr"),
        ("language", "pt_BR"),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "UTC+3"),
        ("time_zone", "../../etc/passwd"),
        ("time_zone", "x" * 65),
    ],
)
def test_me_refuses_an_unknown_language_or_time_zone(user: User, field: str, value: str) -> None:
    response = client_for(user).patch("/api/me/", {field: value}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("", "UTC")


def test_sign_up_takes_the_browser_s_time_zone_and_language(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register/",
        {
            "email": "bia@example.com",
            "password": "a long password 123",
            "first_name": "Bia",
            "time_zone": "America/Recife",
            "language": "pt-br",
        },
    )

    assert response.status_code == 201, response.json()
    user = User.objects.get(email="bia@example.com")
    assert (user.time_zone, user.language) == ("America/Recife", "pt-br")
    # Her own workspace is named, and writes templates, in her language.
    workspace = user.memberships.get().workspace
    assert (workspace.name, workspace.language) == ("Espaço de trabalho de Bia", "pt-br")


def test_sign_up_refuses_an_unknown_time_zone(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register/",
        {"email": "bia@example.com", "password": "a long password 123", "time_zone": "Nowhere"},
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["time_zone"]
    assert not User.objects.filter(email="bia@example.com").exists()


# --- e-mails and the admin ------------------------------------------------------------------------
def test_a_password_reset_is_mailed_in_the_user_s_saved_language(
    api_client: APIClient, user: User, deliver
) -> None:
    user.language = "pt-br"
    user.save(update_fields=["language"])

    with deliver():
        api_client.post("/api/auth/password-reset/", {"email": user.email})

    (message,) = mail.outbox
    assert message.subject == "Redefina sua senha do AI Agency"
    assert "O link pode ser usado uma única vez" in message.body
    assert message.extra_headers["Content-Language"] == "pt-br"


def test_without_a_saved_language_the_reset_follows_the_request(
    api_client: APIClient, user: User, deliver
) -> None:
    with deliver():
        api_client.post(
            "/api/auth/password-reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="pt-BR"
        )
    with deliver():
        api_client.post("/api/auth/password-reset/", {"email": user.email})

    assert [message.subject for message in mail.outbox] == [
        "Redefina sua senha do AI Agency",
        "Reset your AI Agency password",
    ]


def test_the_admin_follows_the_staff_user_s_language(db: None) -> None:
    staff = User.objects.create_superuser("staff@example.com", "a long password 123")
    staff.language = "pt-br"
    staff.save(update_fields=["language"])
    client = APIClient()
    client.force_login(staff)

    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Administração do Django" in page or "Administração do site" in page  # Django's
    assert "Espaços de trabalho" in page and "Chaves de API" in page  # ours
    assert "Modelos" in page and "Gerações" in page  # the apps
    form = client.get("/admin/accounts/workspace/add/").content.decode()
    assert "Provedor padrão" in form and "Orçamento mensal de custo" in form  # field labels


def test_a_body_refused_before_any_view_is_refused_in_the_request_s_language(
    api_client: APIClient, settings
) -> None:
    settings.API_MAX_REQUEST_BYTES = 10

    response = api_client.post(
        "/api/auth/token/", {"email": "a@example.com", "password": "x" * 20}, format="json",
        HTTP_ACCEPT_LANGUAGE="pt-BR",
    )  # fmt: skip

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert response.json()["error"]["message"].startswith("O corpo da requisição tem ")


def test_a_token_s_user_is_answered_in_their_language_not_the_session_s(
    viewer: User, workspace: Workspace
) -> None:
    browser = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    browser.language = "pt-br"
    browser.save(update_fields=["language"])
    client = _jwt_client(viewer)  # no saved language: Accept-Language decides
    client.force_login(browser)  # an admin session in the same browser

    response = _refused(client, workspace, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["error"]["fields"] == {"tz": [ENGLISH]}
