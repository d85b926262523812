"""Bearer callers kept per process (`accounts.recent_callers`): what changes at once, and the bound
(`AUTH_CACHE_SECONDS`) for what changes unseen."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_simplejwt import tokens

from accounts import recent_callers
from accounts.models import Membership, Role, User
from tests.conftest import client_for
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The module's clocks, moved by hand: `clock.seconds += n`."""
    clock = SimpleNamespace(seconds=0.0)
    monkeypatch.setattr(
        recent_callers,
        "time",
        SimpleNamespace(
            monotonic=lambda: 1_000.0 + clock.seconds, time=lambda: time.time() + clock.seconds
        ),
    )
    return clock


def user_reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]


def test_a_repeated_bearer_request_reads_the_user_once(user) -> None:
    client = client_for(user)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me/").status_code == 200
        assert client.get("/api/me/").status_code == 200

    assert len(user_reads(queries)) == 1


def test_a_change_without_signals_applies_within_auth_cache_seconds(user, clock, settings) -> None:
    client = client_for(user)
    assert client.get("/api/me/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)  # no signal: other processes alike
    assert client.get("/api/me/").status_code == 200  # still the kept caller...
    clock.seconds += settings.AUTH_CACHE_SECONDS

    answer = client.get("/api/me/")  # ...for AUTH_CACHE_SECONDS at most

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "user_inactive"


def test_without_the_cache_every_request_reads_the_user(user, settings) -> None:
    settings.AUTH_CACHE_SECONDS = 0
    client = client_for(user)
    assert client.get("/api/me/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get("/api/me/").status_code == 401


def test_a_removed_membership_is_refused_at_once(member, workspace) -> None:
    client = client_for(member(Role.EDITOR))
    template = TemplateFactory(workspace=workspace)
    assert client.get(f"/api/templates/{template.pk}/").status_code == 200

    Membership.objects.filter(workspace=workspace).delete()  # signals: one per row

    assert client.get(f"/api/templates/{template.pk}/").status_code == 404


def test_a_lowered_role_applies_at_once(member, workspace) -> None:
    editor = member(Role.EDITOR)
    client = client_for(editor)
    template = TemplateFactory(workspace=workspace)
    assert client.post(f"/api/templates/{template.pk}/archive/").status_code == 200

    membership = Membership.objects.get(user=editor, workspace=workspace)
    membership.role = Role.VIEWER
    membership.save(update_fields=["role"])

    assert client.post(f"/api/templates/{template.pk}/unarchive/").status_code == 403


def test_a_kept_token_is_refused_once_it_expires(user, clock, monkeypatch) -> None:
    client = client_for(user)
    assert client.get("/api/me/").status_code == 200

    clock.seconds += 3600  # past the access token's 15 minutes, for both clocks
    later = timezone.now() + timedelta(seconds=3600)
    monkeypatch.setattr(tokens, "aware_utcnow", lambda: later)
    answer = client.get("/api/me/")

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "token_not_valid"
