from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token

from accounts.language import activate_saved_language
from accounts.models import ApiKey, User
from accounts.permissions import remember_workspace_roles
from accounts.recent_callers import recent_user_with_workspace_roles, recent_validated_token
from accounts.services import api_key_authenticate

KEYWORD = "Api-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`: acts for the key's creator, in the key's workspace only."""

    def authenticate(self, request: Request) -> tuple[User, ApiKey] | None:
        header = get_authorization_header(request).decode("latin-1")
        keyword, _separator, raw_key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        api_key = api_key_authenticate(raw_key=raw_key.strip())
        if api_key is None or api_key.created_by is None:  # (the latter is never authenticated)
            raise AuthenticationFailed(_("Invalid, revoked or expired API key."))
        activate_saved_language(request, api_key.created_by)
        return api_key.created_by, api_key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerAuthentication(JWTAuthentication):
    """simplejwt's `Authorization: Bearer <access token>`, reading the user together with their
    workspace roles: one query where every request would otherwise make two, and none when this
    process read them in the last `AUTH_CACHE_SECONDS` (`accounts.recent_callers`, which also
    keeps validated tokens). The steps and checks are simplejwt's own
    (`JWTAuthentication.authenticate` and `get_user`)."""

    # simplejwt declares the user as a type variable the arguments do not bind, which no
    # subclass's return type can match.
    def authenticate(self, request: Request) -> tuple[User, Token] | None:  # type: ignore[override]
        header = self.get_header(request)
        raw_token = self.get_raw_token(header) if header is not None else None
        if raw_token is None:
            return None
        token = recent_validated_token(raw_token, self.get_validated_token)
        user, roles = self._user_and_roles(token)
        remember_workspace_roles(request, roles)
        activate_saved_language(request, user)
        return user, token

    @staticmethod
    def _user_and_roles(token: Token) -> tuple[User, dict[int, str]]:
        try:
            user_id = token[api_settings.USER_ID_CLAIM]
        except KeyError as error:
            raise InvalidToken(_("Token contained no recognizable user identification")) from error
        found = recent_user_with_workspace_roles(user_id)
        if found is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if not found[0].is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return found


class BearerAuthenticationScheme(SimpleJWTScheme):
    """The schema's `jwtAuth`, as for simplejwt's own class."""

    target_class = "accounts.authentication.BearerAuthentication"


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`",
        }
