"""Writes and business rules for users, workspaces, memberships and API keys."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import ApiKey, Membership, Role, User, Workspace, role_at_least
from accounts.passwords import password_change
from aiagency.errors import ConflictError, DomainError, ForbiddenError

API_KEY_PREFIX_LENGTH = 8
# last_used_at is advisory: writing it on every request would turn each API call into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


# --- users ----------------------------------------------------------------------------------------
def user_register(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create a user and a personal workspace they own."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("A user with this email already exists.", field="email")
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
        workspace_create(user=user, name=f"{first_name or email.split('@')[0]}'s workspace")
    return user


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Change the user's own name and, given their current password, their password. `name` is
    the whole name, kept as the first name (register takes first and last names apart)."""
    if "name" in data:
        data = {**data, "first_name": data["name"].strip(), "last_name": ""}
    changed = [field for field in ("first_name", "last_name") if field in data]
    for field in changed:
        setattr(user, field, data[field])
    if changed:
        user.save(update_fields=changed)
    if "new_password" in data:
        password_change(
            user=user,
            current_password=data.get("current_password", ""),
            new_password=data["new_password"],
        )
    return user


# --- workspaces -----------------------------------------------------------------------------------
def _unique_workspace_slug(name: str) -> str:
    base = slugify(name)[:100] or "workspace"
    slug, suffix = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def workspace_create(*, user: User, name: str, slug: str | None = None, **fields: Any) -> Workspace:
    """A new workspace owned by `user`; `fields` are other `WORKSPACE_EDITABLE_FIELDS`."""
    if slug and Workspace.objects.filter(slug=slug).exists():
        raise ConflictError("A workspace with this slug already exists.", field="slug")
    workspace = Workspace.objects.create(
        name=name, slug=slug or _unique_workspace_slug(name), created_by=user, **fields
    )
    Membership.objects.create(user=user, workspace=workspace, role=Role.OWNER)
    return workspace


WORKSPACE_EDITABLE_FIELDS = (
    "name",
    "slug",
    "default_provider",
    "default_model",
    "monthly_cost_budget",
    "daily_token_quota",
)


def workspace_update(*, workspace: Workspace, data: dict[str, Any]) -> Workspace:
    slug = data.get("slug")
    if slug is not None and Workspace.objects.filter(slug=slug).exclude(pk=workspace.pk).exists():
        raise ConflictError("A workspace with this slug already exists.", field="slug")
    changed = [name for name in WORKSPACE_EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(workspace, name, data[name])
    workspace.save(update_fields=[*changed, "updated_at"])
    return workspace


# --- memberships ----------------------------------------------------------------------------------
def _require_owner_for_owner_changes(*, actor_role: str, roles: tuple[str, ...]) -> None:
    if Role.OWNER in roles and actor_role != Role.OWNER:
        raise ForbiddenError("Only an owner can grant or take away the owner role.", field="role")


def _locked_owner_count(workspace: Workspace) -> int:
    # Locking the owner rows serialises concurrent demotions/removals, so two of them can never
    # both see "another owner remains" and leave the workspace without one.
    owners = Membership.objects.select_for_update().filter(workspace=workspace, role=Role.OWNER)
    return len(list(owners))


@transaction.atomic
def membership_invite(
    *, workspace: Workspace, email: str, role: str, actor_role: str
) -> Membership:
    """Add an existing user to the workspace."""
    _require_owner_for_owner_changes(actor_role=actor_role, roles=(role,))
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise DomainError("No user with this email address exists.", field="email")
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, workspace=workspace, role=role)
    except IntegrityError as error:
        raise ConflictError("This user is already a member.", field="email") from error


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor_role: str) -> Membership:
    _require_owner_for_owner_changes(actor_role=actor_role, roles=(membership.role, role))
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and _locked_owner_count(membership.workspace) <= 1
    ):
        raise DomainError("The last owner cannot be demoted.", field="role")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor_role: str, actor: User) -> None:
    """Remove a member (or let a member leave); their API keys in the workspace are revoked."""
    if membership.user_id != actor.pk:
        if not role_at_least(actor_role, Role.ADMIN):
            raise ForbiddenError("Only an admin can remove other members.")
        _require_owner_for_owner_changes(actor_role=actor_role, roles=(membership.role,))
    if membership.role == Role.OWNER and _locked_owner_count(membership.workspace) <= 1:
        raise DomainError("The last owner cannot be removed.")
    ApiKey.objects.filter(
        workspace=membership.workspace, created_by=membership.user, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    membership.delete()


# --- API keys -------------------------------------------------------------------------------------
def _hash_key(raw_key: str) -> str:
    # The key carries 256 bits of randomness, so a fast hash is as safe as a slow one here.
    return hashlib.sha256(raw_key.encode()).hexdigest()


def api_key_create(
    *,
    workspace: Workspace,
    user: User,
    name: str,
    role: str = Role.EDITOR,
    expires_at: datetime | None = None,
    actor_role: str,
) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw secret, which is never retrievable again."""
    if not role_at_least(actor_role, role):
        raise ForbiddenError("A key cannot have a higher role than its creator.", field="role")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("The expiry must be in the future.", field="expires_at")
    prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
    raw_key = f"aia_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        prefix=prefix,
        hashed_key=_hash_key(raw_key),
        role=role,
        created_by=user,
        expires_at=expires_at,
    )
    return api_key, raw_key


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key matching `raw_key`, its use recorded; None if unknown, revoked or expired."""
    api_key = (
        ApiKey.objects.select_related("workspace", "created_by")
        .filter(hashed_key=_hash_key(raw_key))
        .first()
    )
    if api_key is None or not api_key.is_active or api_key.created_by is None:
        return None
    if not api_key.created_by.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
