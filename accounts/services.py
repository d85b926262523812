"""Writes and business rules for users, workspaces, memberships and API keys."""

from __future__ import annotations

import hashlib
import secrets
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.lockout import sign_in_attempt
from accounts.models import ApiKey, Membership, Role, User, Workspace, lower_role, role_at_least
from accounts.passwords import password_change
from aiagency.db import create_with_slug, release_pooled_connection, unique_or
from aiagency.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    NotFoundError,
    SignInRefused,
)

API_KEY_PREFIX_LENGTH = 8
# last_used_at is advisory: writing it on every request would turn each API call into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


# --- users ----------------------------------------------------------------------------------------
# Password hashing takes a tenth of a second or more of CPU on purpose: it runs with no pooled
# database connection held (before the first query, or after `release_pooled_connection`), so
# that a flood of sign-ins cannot leave every other request waiting for a connection.


def _normalized_email(email: str) -> str:
    return User.objects.normalize_email(email).lower()


def user_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    time_zone: str = "UTC",
    address: str | None = None,
) -> User:
    """Create a user and a personal workspace they own. A registration from the network names
    its client `address`: a refused one then counts as a failed sign-in of that email from there
    (`accounts.lockout`), so registering cannot be used to test which emails exist."""
    email = _normalized_email(email)
    candidate = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
        time_zone=time_zone,
    )
    attempt = (
        sign_in_attempt(email=email, address=address) if address is not None else nullcontext()
    )
    with attempt:
        _prepare_new_account(candidate, password)
    with transaction.atomic():
        with unique_or(_email_taken):  # the email, taken by a concurrent registration
            candidate.save()
        # Named in the new user's language, which the answer to this request may not be.
        language = language or translation.get_language()
        with translation.override(language):
            name = _("%(name)s's workspace") % {"name": first_name or email.split("@")[0]}
        workspace_create(user=candidate, name=name, language=language)
    return candidate


def _prepare_new_account(candidate: User, password: str) -> None:
    """Give a new account its hashed password (made before the first query); refuse a weak
    password or a taken email."""
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    candidate.password = make_password(password)
    if User.objects.filter(email__iexact=candidate.email).exists():
        raise _email_taken()


def _email_taken() -> ConflictError:
    return ConflictError(_("A user with this email already exists."), field="email")


def _checked(user: User | None, password: str) -> User:
    """`user`, if `password` is theirs and they are active; `SignInRefused` otherwise."""
    if user is None:
        # The same work as for a real account, so the time taken does not tell which exist.
        make_password(password)
    elif user.check_password(password) and user.is_active:
        return user
    raise SignInRefused(_("No active account found with the given credentials"))


def user_sign_in(*, email: str, password: str, address: str) -> User:
    """The active user with this email and password, their `last_login` recorded; `SignInRefused`
    otherwise, and `RateLimited` while the account or the address is locked (`accounts.lockout`).
    """
    email = _normalized_email(email)
    with sign_in_attempt(email=email, address=address):
        found = selectors.user_for_sign_in(email=email)
        release_pooled_connection()
        user = _checked(found, password)
    if settings.SIMPLE_JWT["UPDATE_LAST_LOGIN"]:
        update_last_login(User, user)
    return user


def user_update(*, user: User, data: dict[str, Any], address: str) -> User:
    """Change the user's own name, language, time zone and, given their current password, their
    password. `name` is the whole name, kept as the first name (register takes first and last
    names apart).
    Everything is written in one UPDATE, after the current password was checked and the new one
    hashed (with no pooled connection held): a wrong current password changes nothing. `address`
    is the client's, for the sign-in delays a wrong current password meets."""
    if "name" in data:
        data = {**data, "first_name": data["name"].strip(), "last_name": ""}
    changed: list[str] = [
        field for field in ("first_name", "last_name", "language", "time_zone") if field in data
    ]
    for field in changed:
        setattr(user, field, data[field])
    if "new_password" in data:
        password_change(
            user=user,
            current_password=data.get("current_password", ""),
            new_password=data["new_password"],
            address=address,
        )
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


# --- workspaces -----------------------------------------------------------------------------------
def _unique_workspace_slug(name: str) -> str:
    base = slugify(name)[:100] or "workspace"
    slug, suffix = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _workspace_slug_taken() -> ConflictError:
    return ConflictError(_("A workspace with this slug already exists."), field="slug")


@transaction.atomic
def workspace_create(*, user: User, name: str, slug: str | None = None, **fields: Any) -> Workspace:
    """A new workspace owned by `user`; `fields` are other `WORKSPACE_EDITABLE_FIELDS`."""
    if slug and Workspace.objects.filter(slug=slug).exists():
        raise _workspace_slug_taken()
    workspace = create_with_slug(
        lambda chosen: Workspace.objects.create(name=name, slug=chosen, created_by=user, **fields),
        given=slug,
        free=lambda: _unique_workspace_slug(name),
        taken=_workspace_slug_taken,
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
    "allow_self_approval",
    "language",
)


def _slug_of_another(workspace: Workspace, slug: str) -> bool:
    return Workspace.objects.filter(slug=slug).exclude(pk=workspace.pk).exists()


def workspace_update(*, workspace: Workspace, data: dict[str, Any]) -> Workspace:
    slug = data.get("slug")
    if slug is not None and _slug_of_another(workspace, slug):
        raise _workspace_slug_taken()
    changed = [name for name in WORKSPACE_EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(workspace, name, data[name])
    with unique_or(_workspace_slug_taken):  # the slug, taken by another meanwhile
        workspace.save(update_fields=[*changed, "updated_at"])
    return workspace


# --- memberships ----------------------------------------------------------------------------------
def _require_owner_for_owner_changes(*, actor_role: str, roles: tuple[str, ...]) -> None:
    if Role.OWNER in roles and actor_role != Role.OWNER:
        raise ForbiddenError(
            _("Only an owner can grant or take away the owner role."), field="role"
        )


def _locked_owner_count(workspace: Workspace) -> int:
    # Locking the owner rows serialises concurrent demotions/removals, so two of them can never
    # both see "another owner remains" and leave the workspace without one.
    owners = Membership.objects.select_for_update().filter(workspace=workspace, role=Role.OWNER)
    return len(list(owners))


def _current(membership: Membership) -> Membership | None:
    """The membership as it is now (None: gone), read once its workspace's memberships are
    changed one at a time. The caller read it before: its role may have changed since (made an
    owner, or not any more), and the rules about owners hold only for the role it has now.
    No key update: rows referring to the workspace are still written meanwhile."""
    Workspace.objects.select_for_update(no_key=True).filter(pk=membership.workspace_id).first()
    return Membership.objects.select_related("workspace").filter(pk=membership.pk).first()


@transaction.atomic
def membership_invite(
    *, workspace: Workspace, email: str, role: str, actor_role: str
) -> Membership:
    """Add an existing user to the workspace."""
    _require_owner_for_owner_changes(actor_role=actor_role, roles=(role,))
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise DomainError(_("No user with this email address exists."), field="email")
    with unique_or(lambda: ConflictError(_("This user is already a member."), field="email")):
        return Membership.objects.create(user=user, workspace=workspace, role=role)


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor_role: str) -> Membership:
    current = _current(membership)
    if current is None:
        raise NotFoundError(_("This person is no longer a member of the workspace."))
    membership = current
    _require_owner_for_owner_changes(actor_role=actor_role, roles=(membership.role, role))
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and _locked_owner_count(membership.workspace) <= 1
    ):
        raise DomainError(_("The last owner cannot be demoted."), field="role")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor_role: str, actor: User) -> None:
    """Remove a member (or let a member leave); their API keys in the workspace are revoked."""
    current = _current(membership)
    if current is None:
        return  # removed meanwhile
    membership = current
    if membership.user_id != actor.pk:
        if not role_at_least(actor_role, Role.ADMIN):
            raise ForbiddenError(_("Only an admin can remove other members."))
        _require_owner_for_owner_changes(actor_role=actor_role, roles=(membership.role,))
    if membership.role == Role.OWNER and _locked_owner_count(membership.workspace) <= 1:
        raise DomainError(_("The last owner cannot be removed."))
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
        raise ForbiddenError(_("A key cannot have a higher role than its creator."), field="role")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
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
    """The active key matching `raw_key`, its use recorded, with its `acting_role`; None if
    unknown, revoked or expired, or if its creator is inactive or no longer a member.

    The creator's role is read afresh with the key (one query), so demoting or removing the
    creator takes effect on the key's next request: a key never does more than its creator may.
    """
    api_key = selectors.api_key_with_creator_role(hashed_key=_hash_key(raw_key))
    if api_key is None or not api_key.is_active or api_key.created_by is None:
        return None
    if not api_key.created_by.is_active or api_key.creator_role is None:
        return None
    api_key.acting_role = lower_role(api_key.role, api_key.creator_role)
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
