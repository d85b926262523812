"""The language of an answer: the user's saved `language`, else `Accept-Language`, else English.

Django's `LocaleMiddleware` activates the request's `Accept-Language` (or English) first. A saved
preference can only win once the user is known, and that happens in two places: for a session
(the admin, the browsable API) in `UserLanguageMiddleware`, right after Django's authentication
middleware; for an API key or a JWT inside DRF's authentication classes
(`accounts.authentication`), since DRF authenticates after every middleware has run. Both call
`activate_saved_language`, and `LocaleMiddleware` then names the language that answered in
`Content-Language`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import User


def activate_saved_language(request: HttpRequest, user: User) -> None:
    """Answer `request` in `user`'s saved language, else in the request's own (a session's user
    may have set another before a JWT or API key named this one)."""
    translation.activate(user.language or translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()


class UserLanguageMiddleware:
    """A session user's saved language (the admin, the browsable API); after Django's
    `AuthenticationMiddleware` and `LocaleMiddleware`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            activate_saved_language(request, user)
        return self.get_response(request)
