from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors, services
from accounts.models import ApiKey, Membership, Role, Workspace
from accounts.permissions import WorkspaceScopedMixin, caller_role, forget_workspace_roles
from accounts.serializers import (
    ApiKeyCreatedSerializer,
    ApiKeyCreateSerializer,
    ApiKeySerializer,
    LogoutSerializer,
    MemberInviteSerializer,
    MemberRoleSerializer,
    MemberSerializer,
    MeSerializer,
    RegisterSerializer,
    SignInSerializer,
    TokenPairSerializer,
    UserSerializer,
    WorkspaceSerializer,
)
from aiagency.client_address import client_address
from aiagency.errors import DomainError


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def post(self, request: Request) -> Response:
        if not settings.REGISTRATION_OPEN:
            raise PermissionDenied("Registration is closed on this server.")
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data, address=client_address(request))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class SignInView(APIView):
    """An access and a refresh token for an email and password. Refused sign-ins lock the account
    and the client address for growing delays (429 `rate_limited` with `Retry-After`)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    checks_credentials = True  # answers 401 (aiagency/schema.py)

    @extend_schema(request=SignInSerializer, responses=TokenPairSerializer)
    def post(self, request: Request) -> Response:
        serializer = SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_sign_in(**serializer.validated_data, address=client_address(request))
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class LogoutView(APIView):
    """Blacklists the refresh token, so neither it nor its rotations can be used again."""

    permission_classes = [AllowAny]

    @extend_schema(request=LogoutSerializer, responses={205: None})
    def post(self, request: Request) -> Response:
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as error:
            raise DomainError(str(error), field="refresh") from error
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)


class WorkspaceViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """Workspaces the caller belongs to, their members and their API keys."""

    queryset = Workspace.objects.all()
    serializer_class = WorkspaceSerializer
    workspace_lookup = "pk"
    search_fields = ["name", "slug"]
    ordering_fields = ["name", "created_at"]
    action_roles = {
        "update": Role.ADMIN,
        "partial_update": Role.ADMIN,
        "destroy": Role.OWNER,
        "members": Role.VIEWER,
        "invite_member": Role.ADMIN,
        "member": Role.ADMIN,
        "remove_member": Role.VIEWER,  # anyone may leave; removing others is checked by the service
        "api_keys": Role.ADMIN,
        "create_api_key": Role.ADMIN,
        "api_key": Role.ADMIN,
    }

    def perform_create(self, serializer: WorkspaceSerializer) -> None:
        if isinstance(self.request.auth, ApiKey):
            raise PermissionDenied("An API key cannot create workspaces.")
        serializer.instance = services.workspace_create(
            user=self.request.user, **serializer.validated_data
        )
        forget_workspace_roles(self.request)  # the new owner role must show in the answer

    def perform_update(self, serializer: WorkspaceSerializer) -> None:
        services.workspace_update(workspace=serializer.instance, data=serializer.validated_data)

    def _role(self, workspace: Workspace) -> str:
        return caller_role(self.request, workspace.pk)  # type: ignore[return-value]

    @extend_schema(responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        page = self.paginate_queryset(selectors.membership_list(workspace=workspace))
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(request=MemberInviteSerializer, responses={201: MemberSerializer})
    @members.mapping.post
    def invite_member(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        serializer = MemberInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_invite(
            workspace=workspace, actor_role=self._role(workspace), **serializer.validated_data
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    def _membership(self, workspace: Workspace, user_id: str) -> Membership:
        return get_object_or_404(
            selectors.membership_list(workspace=workspace), user_id=int(user_id)
        )

    @extend_schema(request=MemberRoleSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["patch"], url_path=r"members/(?P<user_id>\d+)")
    def member(self, request: Request, pk: str | None = None, user_id: str = "") -> Response:
        workspace = self.get_object()
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            membership=self._membership(workspace, user_id),
            role=serializer.validated_data["role"],
            actor_role=self._role(workspace),
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=None, responses={204: None})
    @member.mapping.delete
    def remove_member(self, request: Request, pk: str | None = None, user_id: str = "") -> Response:
        workspace = self.get_object()
        services.membership_remove(
            membership=self._membership(workspace, user_id),
            actor_role=self._role(workspace),
            actor=request.user,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ApiKeySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="api-keys")
    def api_keys(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        page = self.paginate_queryset(selectors.api_key_list(workspace=workspace))
        return self.get_paginated_response(ApiKeySerializer(page, many=True).data)

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedSerializer})
    @api_keys.mapping.post
    def create_api_key(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_key, raw_key = services.api_key_create(
            workspace=workspace,
            user=request.user,
            actor_role=self._role(workspace),
            **serializer.validated_data,
        )
        api_key.key = raw_key  # type: ignore[attr-defined]
        return Response(ApiKeyCreatedSerializer(api_key).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"api-keys/(?P<key_id>\d+)")
    def api_key(self, request: Request, pk: str | None = None, key_id: str = "") -> Response:
        workspace = self.get_object()
        api_key = get_object_or_404(selectors.api_key_list(workspace=workspace), pk=int(key_id))
        services.api_key_revoke(api_key=api_key)
        return Response(status=status.HTTP_204_NO_CONTENT)
