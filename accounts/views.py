from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors, services
from accounts.invitations import (
    invitation_accept,
    invitation_accept_as_new_user,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
)
from accounts.models import ApiKey, Membership, Role, User, Workspace
from accounts.passwords import password_reset_confirm, password_reset_request
from accounts.permissions import (
    WorkspaceScopedMixin,
    forget_workspace_roles,
    require_role,
    signed_in_user,
)
from accounts.ratelimit import hit
from accounts.serializers import (
    ApiKeyCreatedSerializer,
    ApiKeyCreateSerializer,
    ApiKeySerializer,
    AuthOptionsSerializer,
    InvitationAcceptedSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationPublicSerializer,
    InvitationSerializer,
    LogoutSerializer,
    MemberInviteSerializer,
    MemberRoleSerializer,
    MemberSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestedSerializer,
    PasswordResetSerializer,
    RegisterSerializer,
    SignInSerializer,
    TokenPairSerializer,
    UserSerializer,
    WorkspaceSerializer,
)
from aiagency.client_address import client_address
from aiagency.errors import DomainError
from aiagency.pagination import paged_response


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def post(self, request: Request) -> Response:
        if not settings.REGISTRATION_OPEN:
            raise PermissionDenied(_("Registration is closed on this server."))
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data, address=client_address(request))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class SignInView(APIView):
    """An access and a refresh token for an email and password. Refused sign-ins lock the account
    and the client address for growing delays (429 `rate_limited` with `Retry-After`)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []
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
        return Response(MeSerializer(signed_in_user(request), context={"request": request}).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        if isinstance(request.auth, ApiKey):
            raise PermissionDenied(_("An API key cannot change its creator's name or password."))
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(
            user=signed_in_user(request),
            data=serializer.validated_data,
            address=client_address(request),
        )
        return Response(MeSerializer(user, context={"request": request}).data)


class WorkspaceViewSet(WorkspaceScopedMixin[Workspace], viewsets.ModelViewSet[Workspace]):
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
        "invitations": Role.ADMIN,
        "create_invitation": Role.ADMIN,
        "invitation": Role.ADMIN,
    }

    def perform_create(self, serializer: BaseSerializer[Workspace]) -> None:
        if isinstance(self.request.auth, ApiKey):
            raise PermissionDenied(_("An API key cannot create workspaces."))
        serializer.instance = services.workspace_create(
            user=signed_in_user(self.request), **serializer.validated_data
        )
        forget_workspace_roles(self.request)  # the new owner role must show in the answer

    def perform_update(self, serializer: BaseSerializer[Workspace]) -> None:
        workspace = serializer.instance
        assert workspace is not None  # DRF's update gives the serializer its object
        services.workspace_update(workspace=workspace, data=serializer.validated_data)

    def _role(self, workspace: Workspace) -> str:
        """The caller's role in a workspace the object permissions have let them act on."""
        return require_role(self.request, workspace, Role.VIEWER)

    @extend_schema(responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        members = selectors.membership_list(workspace=self.get_object())
        return paged_response(self, members, MemberSerializer)

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
            actor=signed_in_user(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ApiKeySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="api-keys")
    def api_keys(self, request: Request, pk: str | None = None) -> Response:
        keys = selectors.api_key_list(workspace=self.get_object())
        return paged_response(self, keys, ApiKeySerializer)

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedSerializer})
    @api_keys.mapping.post
    def create_api_key(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_key, raw_key = services.api_key_create(
            workspace=workspace,
            user=signed_in_user(request),
            actor_role=self._role(workspace),
            **serializer.validated_data,
        )
        # Shown in this answer only (the row keeps its hash), so not a column of the model.
        api_key.key = raw_key  # type: ignore[attr-defined]
        return Response(ApiKeyCreatedSerializer(api_key).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"api-keys/(?P<key_id>\d+)")
    def api_key(self, request: Request, pk: str | None = None, key_id: str = "") -> Response:
        workspace = self.get_object()
        api_key = get_object_or_404(selectors.api_key_list(workspace=workspace), pk=int(key_id))
        services.api_key_revoke(api_key=api_key)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=InvitationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def invitations(self, request: Request, pk: str | None = None) -> Response:
        """Invitations still waiting for an answer (not accepted, revoked or expired)."""
        pending = selectors.pending_invitations(workspace=self.get_object())
        return paged_response(self, pending, InvitationSerializer)

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    @invitations.mapping.post
    def create_invitation(self, request: Request, pk: str | None = None) -> Response:
        """E-mail a link to join with a role, to someone with or without an account."""
        workspace = self.get_object()
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = invitation_create(
            workspace=workspace,
            invited_by=signed_in_user(request),
            actor_role=self._role(workspace),
            **serializer.validated_data,
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"invitations/(?P<invitation_id>\d+)")
    def invitation(
        self, request: Request, pk: str | None = None, invitation_id: str = ""
    ) -> Response:
        """Revoke an invitation: its link stops working."""
        workspace = self.get_object()
        invitation = get_object_or_404(
            selectors.invitation_list(workspace=workspace), pk=int(invitation_id)
        )
        invitation_revoke(invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- account basics: options, password reset, invitation links ------------------------------------
class AuthOptionsView(APIView):
    """What the sign-in pages may offer."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(responses=AuthOptionsSerializer)
    def get(self, request: Request) -> Response:
        return Response(
            AuthOptionsSerializer({"registration_open": settings.REGISTRATION_OPEN}).data
        )


def throttle_per_address(request: Request, *, action: str, email: str) -> None:
    """429 beyond the hourly limits per e-mail address and per client address: they bound the
    e-mails one can make the server send to someone, and the tries of one client."""
    limits = (
        (f"email:{email.strip().lower()}", settings.ACCOUNT_EMAIL_ACTIONS_PER_HOUR),
        (f"client:{client_address(request)}", settings.ACCOUNT_CLIENT_ACTIONS_PER_HOUR),
    )
    for identity, limit in limits:
        result = hit(f"{action}:{identity}", limit=limit, window_seconds=3600)
        if not result.allowed:
            raise Throttled(wait=result.retry_after)


class PasswordResetView(APIView):
    """E-mails a reset link; the answer is the same whether the address has an account or not."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(
        request=PasswordResetSerializer, responses={202: PasswordResetRequestedSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"]
        throttle_per_address(request, action="password-reset", email=email)
        password_reset_request(email=email, language=get_language())
        detail = _("If an account uses this address, an e-mail with a reset link is on its way.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(request=PasswordResetConfirmSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_confirm(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationView(APIView):
    """The invite page's facts, for whoever holds the link."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(responses=InvitationPublicSerializer)
    def get(self, request: Request, token: str) -> Response:
        invitation = invitation_for_token(token=token, allow_expired=True)
        facts = {
            "workspace_name": invitation.workspace.name,
            "email": invitation.email,
            "role": invitation.role,
            "expired": invitation.is_expired,
            "has_account": selectors.user_exists(email=invitation.email),
        }
        return Response(InvitationPublicSerializer(facts).data)


class InvitationAcceptView(APIView):
    """Signed in as the invited address: join. Without an account: set a password, which creates
    the account, joins, and answers its tokens."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=InvitationAcceptSerializer,
        responses={200: InvitationAcceptedSerializer, 201: InvitationAcceptedSerializer},
    )
    def post(self, request: Request, token: str) -> Response:
        invitation = invitation_for_token(token=token)
        throttle_per_address(request, action="invitation-accept", email=invitation.email)
        if isinstance(request.auth, ApiKey):
            raise PermissionDenied(_("An API key cannot accept invitations."))
        if isinstance(request.user, User):
            membership = invitation_accept(invitation=invitation, user=request.user)
            return Response(self._accepted(membership, tokens=None))
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = invitation_accept_as_new_user(
            invitation=invitation, **serializer.validated_data
        )
        tokens = RefreshToken.for_user(membership.user)
        return Response(self._accepted(membership, tokens=tokens), status=status.HTTP_201_CREATED)

    @staticmethod
    def _accepted(membership: Membership, *, tokens: RefreshToken | None) -> dict[str, Any]:
        answer = {
            "workspace": membership.workspace,
            "role": membership.role,
            "access": str(tokens.access_token) if tokens else None,
            "refresh": str(tokens) if tokens else None,
        }
        return InvitationAcceptedSerializer(answer).data
