from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from accounts.models import (
    API_KEY_ROLES,
    TIME_ZONE_MAX_LENGTH,
    ApiKey,
    Invitation,
    Membership,
    Role,
    User,
    Workspace,
    validate_time_zone,
)
from accounts.permissions import caller_role, workspace_roles
from accounts.provider_names import PROVIDER_CHOICES
from accounts.selectors import memberships_for_user
from accounts.services import WORKSPACE_EDITABLE_FIELDS


def language_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=settings.LANGUAGES,
        allow_blank=True,
        help_text="The language of answers and e-mails; blank follows Accept-Language.",
        **kwargs,
    )


def time_zone_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=TIME_ZONE_MAX_LENGTH,
        validators=[validate_time_zone],
        help_text="An IANA time zone name: analytics and reports use it unless given `tz`.",
        **kwargs,
    )


class RegisterSerializer(serializers.Serializer[None]):  # input only
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    # Not given: the service's defaults (follow Accept-Language; UTC).
    language = language_field(required=False)
    time_zone = time_zone_field(required=False)


class SignInSerializer(serializers.Serializer[None]):  # input only
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)


class TokenPairSerializer(serializers.Serializer[dict[str, Any]]):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class LogoutSerializer(serializers.Serializer[None]):  # input only
    refresh = serializers.CharField()


class UserSerializer(serializers.ModelSerializer[User]):
    language = language_field(read_only=True)  # blank too: the schema must say so

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_staff", "language", "time_zone"]
        read_only_fields = fields


class WorkspaceSummarySerializer(serializers.ModelSerializer[Workspace]):
    class Meta:
        model = Workspace
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class OwnMembershipSerializer(serializers.ModelSerializer[Membership]):
    workspace = WorkspaceSummarySerializer(read_only=True)
    role = serializers.SerializerMethodField(
        help_text="The caller's role: an API key's acting role, not its creator's."
    )

    class Meta:
        model = Membership
        fields = ["workspace", "role", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices))
    def get_role(self, membership: Membership) -> str | None:
        return caller_role(self.context["request"], membership.workspace_id)


class MeSerializer(UserSerializer):
    memberships = serializers.SerializerMethodField(
        help_text="The caller's workspaces: an API key sees only its own."
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "memberships"]
        read_only_fields = fields

    @extend_schema_field(OwnMembershipSerializer(many=True))
    def get_memberships(self, user: User) -> ReturnList[Any]:  # (the list of many=True)
        request = self.context["request"]
        memberships = memberships_for_user(user=user).filter(
            workspace_id__in=list(workspace_roles(request))
        )
        many = OwnMembershipSerializer(memberships, many=True, context=self.context)
        # many=True makes a ListSerializer, whose data is a list: the stubs type one object's.
        return many.data  # type: ignore[return-value]


class WorkspaceSerializer(serializers.ModelSerializer[Workspace]):
    slug = serializers.SlugField(max_length=120, required=False)
    default_provider = serializers.ChoiceField(
        choices=PROVIDER_CHOICES, required=False, allow_blank=True
    )
    monthly_cost_budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True
    )
    role = serializers.SerializerMethodField(help_text="The caller's role in this workspace.")

    class Meta:
        model = Workspace
        fields = ["id", *WORKSPACE_EDITABLE_FIELDS, "role", "created_at", "updated_at"]
        read_only_fields = ["id", "role", "created_at", "updated_at"]

    def get_role(self, workspace: Workspace) -> str | None:
        return caller_role(self.context["request"], workspace.pk)


class MemberSerializer(serializers.ModelSerializer[Membership]):
    user = UserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "created_at"]
        read_only_fields = fields


class MemberInviteSerializer(serializers.Serializer[None]):  # input only
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices, default=Role.VIEWER)


class MemberRoleSerializer(serializers.Serializer[None]):  # input only
    role = serializers.ChoiceField(choices=Role.choices)


class ApiKeySerializer(serializers.ModelSerializer[ApiKey]):
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "role",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "is_active",
        ]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer[None]):  # input only
    name = serializers.CharField(max_length=120)
    role = serializers.ChoiceField(choices=API_KEY_ROLES, default=Role.EDITOR)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


# --- account basics: options, password reset, own profile, invitations ----------------------------
class AuthOptionsSerializer(serializers.Serializer[dict[str, Any]]):
    registration_open = serializers.BooleanField(help_text="Whether anyone may sign up.")


class PasswordResetSerializer(serializers.Serializer[None]):  # input only
    email = serializers.EmailField()


class PasswordResetRequestedSerializer(serializers.Serializer[dict[str, Any]]):
    detail = serializers.CharField()


class PasswordResetConfirmSerializer(serializers.Serializer[None]):  # input only
    uid = serializers.CharField(max_length=64, help_text="From the e-mailed link.")
    token = serializers.CharField(max_length=128, help_text="From the e-mailed link.")
    password = serializers.CharField(write_only=True, max_length=128)


class MeUpdateSerializer(serializers.Serializer[None]):  # input only
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="The whole name."
    )
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    current_password = serializers.CharField(required=False, write_only=True, max_length=128)
    new_password = serializers.CharField(required=False, write_only=True, max_length=128)
    language = language_field(required=False)
    time_zone = time_zone_field(required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "new_password" in data and not data.get("current_password"):
            raise serializers.ValidationError(
                {"current_password": [_("Send your current password to set a new one.")]}
            )
        return data


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer[None]):  # input only
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices, default=Role.VIEWER)


class InvitationPublicSerializer(serializers.Serializer[dict[str, Any]]):
    """What the invite page shows to whoever holds the link."""

    workspace_name = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    expired = serializers.BooleanField()
    has_account = serializers.BooleanField(
        help_text="An account exists for the address: sign in as it to accept."
    )


class InvitationAcceptSerializer(serializers.Serializer[None]):  # input only
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        max_length=128,
        help_text="Without an account: the new account's password. Signed in: not needed.",
    )
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)


class InvitationAcceptedSerializer(serializers.Serializer[dict[str, Any]]):
    workspace = WorkspaceSummarySerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    access = serializers.CharField(
        allow_null=True, help_text="Tokens of the account just created (null when signed in)."
    )
    refresh = serializers.CharField(allow_null=True)
