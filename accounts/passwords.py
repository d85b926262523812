"""Passwords: reset by e-mail, and a signed-in user's change of their own.

A reset link carries Django's `default_token_generator` token, which is made from the user's
password hash and last login: it stops working once used (the password changed), after
`PASSWORD_RESET_TIMEOUT`, and when the user signs in meanwhile.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.lockout import sign_in_attempt
from accounts.models import OutgoingEmail, User
from accounts.outbox import email_enqueue
from aiagency.db import release_pooled_connection
from aiagency.email import send_templated_email
from aiagency.errors import DomainError

logger = logging.getLogger("accounts.passwords")

INVALID_RESET_LINK = gettext_lazy("This reset link is invalid, used or expired: ask for a new one.")


def validate_new_password(password: str, *, user: User, field: str) -> None:
    """Django's password validators, their messages under `field`."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise DomainError(" ".join(error.messages), field=field) from error


def password_reset_link(user: User) -> str:
    query = urlencode(
        {
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
    )
    return f"{settings.SITE_URL}/reset-password?{query}"


def password_reset_request(*, email: str, language: str) -> None:
    """E-mail a reset link to the active user with this address, in their saved language, else
    `language` (the request's). For an unknown address nothing is sent, and the caller answers
    the same: the answer must not tell which addresses exist."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        logger.info("password reset asked for an address with no active account")
        return
    email_enqueue(
        kind=OutgoingEmail.Kind.PASSWORD_RESET,
        object_id=user.pk,
        language=user.language or language,
    )


def password_reset_email_send(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return  # deactivated meanwhile
    context = {
        "name": user.first_name or user.email,
        "link": password_reset_link(user),
        "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    send_templated_email(to=user.email, template="accounts/email/password_reset", context=context)
    logger.info("password reset link sent", extra={"user_id": user.pk})


def _user_from_uid(uid: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def password_reset_confirm(*, uid: str, token: str, password: str) -> User:
    """Set the password of the link's user, and sign them out everywhere."""
    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(INVALID_RESET_LINK, field="token")
    validate_new_password(password, user=user, field="password")
    release_pooled_connection()  # hashing takes a pooled connection from nobody
    user.set_password(password)
    user.save(update_fields=["password"])
    # Whoever knew the old password may hold a refresh token: none survives the reset.
    _blacklist_refresh_tokens(user)
    logger.info("password reset", extra={"user_id": user.pk})
    return user


def _blacklist_refresh_tokens(user: User) -> None:
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def password_change(*, user: User, current_password: str, new_password: str, address: str) -> None:
    """Set `user`'s new password, unsaved, once the current one is checked. A wrong current
    password counts as a failed sign-in of the user from `address` (`accounts.lockout`): a stolen
    access token cannot be used to guess the password."""
    with sign_in_attempt(email=user.email, address=address):
        release_pooled_connection()  # hashing takes a pooled connection from nobody
        if not user.check_password(current_password):
            raise DomainError(_("The current password is not correct."), field="current_password")
    validate_new_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    logger.info("password changed", extra={"user_id": user.pk})
