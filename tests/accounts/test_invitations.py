from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Invitation, Membership, Role, User
from accounts.services import api_key_create
from tests.accounts.conftest import link_in
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


@pytest.fixture
def admin(workspace, member) -> APIClient:
    return client_for(member(Role.ADMIN))


@pytest.fixture
def invite(admin, workspace, deliver, mailoutbox):
    """`invite("x@example.com", "editor")` -> (the API's answer, the token of the e-mailed link)."""

    def make(email: str = "new@example.com", role: str = Role.EDITOR) -> tuple[dict, str]:
        with deliver():
            response = admin.post(
                f"/api/workspaces/{workspace.pk}/invitations/", {"email": email, "role": role}
            )
        assert response.status_code == 201, response.json()
        return response.json(), link_in(mailoutbox[-1]).rsplit("/invite/", 1)[1]

    return make


def accept(client: APIClient, token: str, **payload: str):
    return client.post(f"/api/invitations/{token}/accept/", payload)


def test_an_invitation_mails_a_link_to_the_dashboard(
    admin, workspace, invite, mailoutbox, settings
):
    settings.SITE_URL = "https://app.example.com"

    answer, token = invite("New@Example.com", Role.EDITOR)

    [message] = mailoutbox
    assert message.to == ["new@example.com"]
    assert workspace.name in message.subject
    assert link_in(message) == f"https://app.example.com/invite/{token}"
    assert "editor" in message.body
    assert answer["email"] == "new@example.com"
    assert answer["role"] == "editor"
    assert answer["accepted_at"] is None
    assert set(answer) == {
        "id",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    }
    # Only a hash is kept.
    assert not Invitation.objects.filter(hashed_token=token).exists()


def test_the_link_shows_the_invitation(api_client, workspace, invite):
    _, token = invite("new@example.com", Role.VIEWER)
    UserFactory(email="known@example.com")
    _, known_token = invite("known@example.com")

    facts = api_client.get(f"/api/invitations/{token}/").json()

    assert facts == {
        "workspace_name": workspace.name,
        "email": "new@example.com",
        "role": "viewer",
        "expired": False,
        "has_account": False,
    }
    assert api_client.get(f"/api/invitations/{known_token}/").json()["has_account"] is True


def test_someone_without_an_account_sets_a_password_and_joins(api_client, workspace, invite):
    _, token = invite("new@example.com", Role.EDITOR)

    response = accept(api_client, token, password=NEW_PASSWORD, name="Grace Hopper")

    assert response.status_code == 201, response.json()
    body = response.json()
    user = User.objects.get(email="new@example.com")
    assert user.check_password(NEW_PASSWORD)
    assert user.first_name == "Grace Hopper"
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.EDITOR
    assert body["workspace"]["id"] == workspace.pk
    signed_in = APIClient()
    signed_in.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert signed_in.get("/api/me/").json()["email"] == "new@example.com"


def test_a_signed_in_user_of_the_invited_address_joins(workspace, invite):
    user = UserFactory(email="known@example.com")
    _, token = invite("Known@example.com", Role.VIEWER)

    response = accept(client_for(user), token)

    assert response.status_code == 200, response.json()
    assert response.json()["access"] is None
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.VIEWER


def test_an_account_for_another_address_is_refused(workspace, invite):
    _, token = invite("invited@example.com")
    someone_else = UserFactory(email="else@example.com")

    response = accept(client_for(someone_else), token)

    assert response.status_code == 403
    assert "email" in response.json()["error"]["fields"]
    assert not Membership.objects.filter(user=someone_else, workspace=workspace).exists()
    assert Invitation.objects.get().accepted_at is None


def test_anonymously_with_an_existing_account_asks_to_sign_in(api_client, workspace, invite):
    UserFactory(email="known@example.com")
    _, token = invite("known@example.com")

    response = accept(api_client, token, password=NEW_PASSWORD)

    assert response.status_code == 409
    assert "email" in response.json()["error"]["fields"]
    assert User.objects.get(email="known@example.com").check_password(PASSWORD)


@pytest.mark.parametrize("password", ["", "12345678", "short"])
def test_a_weak_or_missing_password_names_the_field(api_client, invite, password: str):
    _, token = invite("new@example.com")

    response = accept(api_client, token, password=password)

    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert not User.objects.filter(email="new@example.com").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_link_works_once(api_client, invite):
    _, token = invite("new@example.com")
    assert accept(api_client, token, password=NEW_PASSWORD).status_code == 201

    again = accept(APIClient(), token, password=NEW_PASSWORD)
    shown = APIClient().get(f"/api/invitations/{token}/")

    assert again.status_code == shown.status_code == 400
    assert "token" in again.json()["error"]["fields"]
    assert "token" in shown.json()["error"]["fields"]


def test_a_link_sent_twice_at_once_joins_once_and_answers_the_other_with_a_409(
    api_client, invite, monkeypatch
):
    """The form is sent twice (a double click): both find no account for the address, and the
    other one creates it and joins while this one hashes the password. This one is told the
    account exists (409 naming the email); it was a 500 (the unique email's IntegrityError)."""
    from accounts import invitations

    _, token = invite("new@example.com")
    validate = invitations.validate_new_password

    def the_other_joins_meanwhile(*args, **kwargs) -> None:
        monkeypatch.setattr(invitations, "validate_new_password", validate)
        assert accept(APIClient(), token, password=NEW_PASSWORD).status_code == 201
        validate(*args, **kwargs)

    monkeypatch.setattr(invitations, "validate_new_password", the_other_joins_meanwhile)

    response = accept(api_client, token, password=NEW_PASSWORD)

    assert response.status_code == 409
    assert "email" in response.json()["error"]["fields"]
    assert Membership.objects.filter(user__email="new@example.com").count() == 1


def test_an_expired_link_is_shown_as_such_and_refused(api_client, invite):
    _, token = invite("new@example.com")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    shown = api_client.get(f"/api/invitations/{token}/")
    accepted = accept(api_client, token, password=NEW_PASSWORD)

    assert shown.status_code == 200
    assert shown.json()["expired"] is True
    assert accepted.status_code == 400
    assert "token" in accepted.json()["error"]["fields"]
    assert not User.objects.filter(email="new@example.com").exists()


def test_invitations_expire_after_the_configured_days(invite, settings):
    settings.INVITATION_EXPIRY_DAYS = 2

    answer, _ = invite()

    invitation = Invitation.objects.get(pk=answer["id"])
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=2), abs=timedelta(seconds=5)
    )


@pytest.mark.parametrize("token", ["no-such-token", "x" * 43])
def test_an_unknown_link_names_the_token(api_client, token: str):
    for response in (api_client.get(f"/api/invitations/{token}/"), accept(api_client, token)):
        assert response.status_code == 400
        assert "token" in response.json()["error"]["fields"]


def test_an_admin_lists_pending_invitations_and_revokes_one(admin, api_client, workspace, invite):
    first, first_token = invite("first@example.com")
    second, _ = invite("second@example.com")
    _, accepted_token = invite("accepted@example.com")
    accept(api_client, accepted_token, password=NEW_PASSWORD)

    listed = admin.get(f"/api/workspaces/{workspace.pk}/invitations/").json()
    revoked = admin.delete(f"/api/workspaces/{workspace.pk}/invitations/{first['id']}/")
    after = admin.get(f"/api/workspaces/{workspace.pk}/invitations/").json()

    assert {row["email"] for row in listed["results"]} == {
        "first@example.com",
        "second@example.com",
    }
    assert revoked.status_code == 204
    assert [row["id"] for row in after["results"]] == [second["id"]]
    response = accept(APIClient(), first_token, password=NEW_PASSWORD)
    assert response.status_code == 400
    assert "token" in response.json()["error"]["fields"]


def test_inviting_again_replaces_the_first_link(invite, api_client):
    _, first_token = invite("new@example.com")
    _, second_token = invite("new@example.com")

    assert accept(api_client, first_token, password=NEW_PASSWORD).status_code == 400
    assert accept(api_client, second_token, password=NEW_PASSWORD).status_code == 201


def test_a_member_cannot_be_invited_again(admin, workspace):
    existing = MembershipFactory(workspace=workspace, role=Role.VIEWER).user

    response = admin.post(
        f"/api/workspaces/{workspace.pk}/invitations/", {"email": existing.email.upper()}
    )

    assert response.status_code == 409
    assert "email" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_only_admins_invite_or_see_invitations(client_as, workspace, role: str):
    client = client_as(role)

    listed = client.get(f"/api/workspaces/{workspace.pk}/invitations/")
    created = client.post(f"/api/workspaces/{workspace.pk}/invitations/", {"email": "a@b.co"})

    assert listed.status_code == created.status_code == 403
    assert not Invitation.objects.exists()


def test_another_workspace_is_not_found(outsider_client, workspace, invite):
    answer, _ = invite()
    base = f"/api/workspaces/{workspace.pk}/invitations/"

    assert outsider_client.get(base).status_code == 404
    assert outsider_client.delete(f"{base}{answer['id']}/").status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_only_an_owner_invites_an_owner(admin, client_as, workspace, deliver):
    refused = admin.post(
        f"/api/workspaces/{workspace.pk}/invitations/", {"email": "a@b.co", "role": "owner"}
    )
    with deliver():
        allowed = client_as(Role.OWNER).post(
            f"/api/workspaces/{workspace.pk}/invitations/", {"email": "a@b.co", "role": "owner"}
        )

    assert refused.status_code == 403
    assert allowed.status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"), [({}, "email"), ({"email": "a@b.co", "role": "x"}, "role")]
)
def test_bad_invitations_name_the_field(admin, workspace, payload: dict, field: str):
    response = admin.post(f"/api/workspaces/{workspace.pk}/invitations/", payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_acceptances_are_limited_per_invited_address(invite, settings):
    settings.ACCOUNT_EMAIL_ACTIONS_PER_HOUR = 2
    _, token = invite("new@example.com")

    statuses = [
        accept(APIClient(REMOTE_ADDR=f"203.0.113.{n}"), token, password="short").status_code
        for n in range(3)
    ]

    assert statuses == [400, 400, 429]


def test_an_api_key_cannot_accept(workspace, invite):
    user = UserFactory(email="known@example.com")
    MembershipFactory(user=user, role=Role.ADMIN)
    _, token = invite("known@example.com")
    membership = Membership.objects.get(user=user)
    _, raw_key = api_key_create(
        workspace=membership.workspace, user=user, name="ci", actor_role=Role.ADMIN
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")

    assert accept(client, token).status_code == 403
    assert not Membership.objects.filter(user=user, workspace=workspace).exists()


def test_staff_see_and_revoke_invitations_in_the_admin(client, invite, workspace):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    answer, _ = invite("new@example.com")

    listed = client.get("/admin/accounts/invitation/")
    revoked = client.post(
        "/admin/accounts/invitation/",
        {"action": "revoke", "_selected_action": [answer["id"]]},
    )

    assert listed.status_code == 200
    assert "new@example.com" in listed.content.decode()
    assert revoked.status_code == 302
    assert Invitation.objects.get().revoked_at is not None
