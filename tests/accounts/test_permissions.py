"""accounts.permissions.signed_in_user: the caller's user where a view passes it on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.permissions import signed_in_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_by(user: object) -> Request:
    request = Request(APIRequestFactory().get("/api/"))
    request.user = user
    return request


def test_a_signed_in_caller_is_their_user() -> None:
    user = UserFactory()

    assert signed_in_user(request_by(user)) == user


def test_an_anonymous_caller_is_refused_as_unauthenticated() -> None:
    with pytest.raises(NotAuthenticated):
        signed_in_user(request_by(AnonymousUser()))
