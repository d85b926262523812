from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from accounts.models import ApiKey, User
from accounts.services import api_key_authenticate

KEYWORD = "Api-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`: acts for the key's creator, in the key's workspace only."""

    def authenticate(self, request: Request) -> tuple[User, ApiKey] | None:
        header = get_authorization_header(request).decode("latin-1")
        keyword, _, raw_key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        api_key = api_key_authenticate(raw_key=raw_key.strip())
        if api_key is None:
            raise AuthenticationFailed("Invalid, revoked or expired API key.")
        return api_key.created_by, api_key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


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
