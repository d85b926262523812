"""Invitations by e-mail to join a workspace, for people with or without an account.

The token is random (256 bits) and exists only in the e-mailed link; the table keeps its SHA-256.
The worker that sends the e-mail draws it (until then the row holds the hash of a token nobody
has), so that it never travels through the broker; sending again draws a new one.
Accepting claims the invitation with a conditional UPDATE inside the transaction that adds the
membership (and creates the user, for someone without an account), so a link works exactly once
even when it is opened twice at the same moment.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Invitation, Membership, OutgoingEmail, Role, User, Workspace
from accounts.outbox import email_enqueue
from accounts.passwords import validate_new_password
from accounts.selectors import invitation_by_hashed_token, pending_invitations
from accounts.services import _require_owner_for_owner_changes
from aiagency.db import release_pooled_connection, unique_or
from aiagency.email import send_templated_email
from aiagency.errors import ConflictError, DomainError, ForbiddenError

logger = logging.getLogger("accounts.invitations")

UNUSABLE_INVITATION = gettext_lazy(
    "This invitation link is not valid: it was used, revoked or never existed."
)
EXPIRED_INVITATION = gettext_lazy(
    "This invitation has expired: ask the workspace's admin for a new one."
)


def hash_invitation_token(token: str) -> str:
    # 256 random bits: a fast hash is as safe as a slow one here.
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return f"{settings.SITE_URL}/invite/{token}"


def _normalized(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def invitation_create(
    *, workspace: Workspace, email: str, role: str, invited_by: User, actor_role: str
) -> Invitation:
    """Invite `email` with `role` and e-mail them the link. A new invitation replaces the pending
    one for the same address, whose link stops working."""
    _require_owner_for_owner_changes(actor_role=actor_role, roles=(role,))
    email = _normalized(email)
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ConflictError(_("This person is already a member of the workspace."), field="email")
    now = timezone.now()
    with transaction.atomic():
        pending_invitations(workspace=workspace).filter(email=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            workspace=workspace,
            email=email,
            role=role,
            hashed_token=hash_invitation_token(secrets.token_urlsafe(32)),
            invited_by=invited_by,
            expires_at=now + timedelta(days=settings.INVITATION_EXPIRY_DAYS),
        )
        email_enqueue(
            kind=OutgoingEmail.Kind.INVITATION,
            object_id=invitation.pk,
            language=_email_language(invitation),
        )
    logger.info(
        "invitation created", extra={"workspace_id": workspace.pk, "invitation_id": invitation.pk}
    )
    return invitation


def invitation_email_send(*, invitation_id: int) -> None:
    """Draw the invitation's token and e-mail its link; nothing once it was answered or revoked."""
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(hashed_token=hash_invitation_token(token))
    send_templated_email(
        to=invitation.email,
        template="accounts/email/invitation",
        context=_email_context(invitation, token),
    )
    logger.info(
        "invitation sent",
        extra={"workspace_id": invitation.workspace_id, "invitation_id": invitation.pk},
    )


def _email_language(invitation: Invitation) -> str:
    """The invited person's saved language when they have an account, else the workspace's."""
    saved = User.objects.filter(email__iexact=invitation.email).values_list("language", flat=True)
    return next(iter(saved), "") or invitation.workspace.language


def _email_context(invitation: Invitation, token: str) -> dict[str, object]:
    inviter = invitation.invited_by
    return {
        "workspace_name": invitation.workspace.name,
        "inviter": (inviter.get_full_name() or inviter.email)
        if inviter
        else gettext_lazy("An administrator"),
        "role": Role(invitation.role).label,  # lazy: rendered in the e-mail's language
        "link": invitation_link(token),
        "expires_on": f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC",
    }


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Revoke a pending invitation; one already accepted stays as it is."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_token(*, token: str, allow_expired: bool = False) -> Invitation:
    """The invitation of a link; 400 naming `token` when it was used, revoked or never existed,
    and when it expired unless `allow_expired` (a page may show that it did)."""
    invitation = invitation_by_hashed_token(hashed_token=hash_invitation_token(token))
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise DomainError(UNUSABLE_INVITATION, field="token")
    if invitation.is_expired and not allow_expired:
        raise DomainError(EXPIRED_INVITATION, field="token")
    return invitation


def _claim(invitation: Invitation, user: User) -> None:
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise DomainError(UNUSABLE_INVITATION, field="token")


def _join(invitation: Invitation, user: User) -> Membership:
    _claim(invitation, user)
    with unique_or(_already_a_member):
        membership = Membership.objects.create(
            user=user, workspace=invitation.workspace, role=invitation.role
        )
    logger.info(
        "invitation accepted",
        extra={
            "workspace_id": invitation.workspace_id,
            "invitation_id": invitation.pk,
            "user_id": user.pk,
        },
    )
    return membership


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """A signed-in user joins with the invitation's role; only the invited address may."""
    if user.email.lower() != invitation.email:
        raise ForbiddenError(
            _(
                "This invitation is for %(invited)s; you are signed in as %(email)s. "
                "Sign in with the invited address to accept it."
            )
            % {"invited": invitation.email, "email": user.email},
            field="email",
        )
    return _join(invitation, user)


def invitation_accept_as_new_user(
    *, invitation: Invitation, password: str, name: str = ""
) -> Membership:
    """Someone without an account sets a password: the account is created and joins. The
    password is hashed before the transaction, with no pooled connection held."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise _account_exists(invitation)
    user = User(email=invitation.email, first_name=name)
    validate_new_password(password, user=user, field="password")
    release_pooled_connection()
    user.set_password(password)
    return _create_and_join(invitation, user)


def _already_a_member() -> ConflictError:
    return ConflictError(_("You are already a member of this workspace."), field="email")


def _account_exists(invitation: Invitation) -> ConflictError:
    return ConflictError(
        _("An account for %(email)s exists: sign in, then accept the invitation.")
        % {"email": invitation.email},
        field="email",
    )


@transaction.atomic
def _create_and_join(invitation: Invitation, user: User) -> Membership:
    # The account, made meanwhile: the link sent twice at once, or a sign-up.
    with unique_or(lambda: _account_exists(invitation)):
        user.save()
    return _join(invitation, user)
