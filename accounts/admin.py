from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from accounts.invitations import invitation_revoke
from accounts.lockout import sign_in_attempt
from accounts.models import ApiKey, Invitation, Membership, OutgoingEmail, User, Workspace
from accounts.services import api_key_revoke
from aiagency.admin import ReadOnlyAdmin
from aiagency.client_address import client_address
from aiagency.errors import DomainError, RateLimited

_Revocable = TypeVar("_Revocable", bound=Model)


class _StaffSignInRefused(DomainError):
    """The form's refusal, carried through `sign_in_attempt` so that it counts as a failure."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__("refused")
        self.error = error


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in meets the same growing delays as the API's (`accounts.lockout`):
    without them a password could be guessed at full speed through `/admin/login/`."""

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request) if self.request else ""
        try:
            with sign_in_attempt(email=email, address=address):
                try:
                    return super().clean()
                except ValidationError as error:
                    raise _StaffSignInRefused(error) from error
        except _StaffSignInRefused as refused:
            raise refused.error from None
        except RateLimited as limited:
            raise ValidationError(limited.message, code="rate_limited") from limited


admin.site.login_form = StaffSignInForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline[Membership, Workspace]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin[Workspace]):
    list_display = ["name", "slug", "created_by", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "workspace__name"]
    list_select_related = ["user", "workspace"]


class _RevocableAdmin(admin.ModelAdmin[_Revocable]):
    """Credentials the API makes and shows once: staff may see and revoke them, never add one."""

    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def revoke_one(self, obj: _Revocable) -> None:
        raise NotImplementedError

    @admin.action(description="Revoke selected %(verbose_name_plural)s")
    def revoke(self, request: HttpRequest, queryset: QuerySet[_Revocable]) -> None:
        for obj in queryset:
            self.revoke_one(obj)


@admin.register(ApiKey)
class ApiKeyAdmin(_RevocableAdmin[ApiKey]):
    """Keys are created through the API (the secret is shown once there); staff can only revoke."""

    list_display = [
        "name",
        "prefix",
        "workspace",
        "role",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["role", "revoked_at"]
    search_fields = ["name", "prefix", "workspace__name"]
    list_select_related = ["workspace", "created_by"]
    readonly_fields = ["prefix", "hashed_key", "created_at", "last_used_at", "revoked_at"]

    def revoke_one(self, obj: ApiKey) -> None:
        api_key_revoke(api_key=obj)


@admin.register(Invitation)
class InvitationAdmin(_RevocableAdmin[Invitation]):
    """Invitations are sent through the API (the link exists only in the e-mail); staff see
    them all and can revoke pending ones."""

    list_display = [
        "email",
        "workspace",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "accepted_at", "revoked_at"]
    search_fields = ["email", "workspace__name"]
    list_select_related = ["workspace", "invited_by"]
    readonly_fields = [
        "workspace",
        "email",
        "role",
        "hashed_token",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def revoke_one(self, obj: Invitation) -> None:
        invitation_revoke(invitation=obj)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The e-mail outbox, read-only: staff see what was sent and what is still waiting (the
    sweep sends those again for a day; after that they stay here, unsent)."""

    list_display = readonly_fields = ("kind", "object_id", "created_at", "claimed_at", "sent_at")
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
