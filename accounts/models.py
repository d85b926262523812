from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# IANA names are at most 32 characters today ("America/Argentina/ComodRivadavia"); room to spare.
TIME_ZONE_MAX_LENGTH = 64


def validate_time_zone(name: str) -> None:
    """Refuse anything but an IANA time zone name (`America/Sao_Paulo`, `UTC`)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Unknown time zone: %(name)s. Use an IANA name such as America/Sao_Paulo."),
            code="invalid",
            params={"name": name},
        ) from error


class TimeStamped(models.Model):
    """When a row was created and last saved, for models that name their fields for people
    (labels translated, as the admin shows them)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person; logs in with an email address, never a username."""

    # No username column: AbstractUser declares a CharField, and the stubs no way to drop one.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # Blank: answers follow the request's Accept-Language (accounts/language.py).
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Language of answers and e-mails; blank follows the browser."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=TIME_ZONE_MAX_LENGTH,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. America/Sao_Paulo: analytics days and reports use it."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Email-only, where AbstractUser's manager (a class variable in the stubs) takes a username.
    objects = UserManager()  # type: ignore[assignment, misc]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email


class Workspace(TimeStamped):
    """A team's space: every template, generation and batch belongs to one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="created_workspaces"
    )
    # The end of every generation's fallback chain (after the request and the template default).
    default_provider = models.CharField(_("default provider"), max_length=40, blank=True)
    default_model = models.CharField(_("default model"), max_length=120, blank=True)
    # Limits; empty means unlimited.
    monthly_cost_budget = models.DecimalField(
        _("monthly cost budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("USD per calendar month"),
    )
    daily_token_quota = models.PositiveBigIntegerField(
        _("daily token quota"),
        null=True,
        blank=True,
        help_text=_("input + output tokens per UTC day"),
    )
    # BCP 47; the default of its new templates' `language`.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The default language of the workspace's templates."),
    )
    # Bumped with every change to the workspace's stored provider credentials, so that processes
    # may keep the credentials they read until this moves (generations/services/credentials.py).
    credentials_version = models.PositiveIntegerField(
        _("credentials version"), default=0, editable=False
    )
    # Four eyes: off, the person who last submitted a content item cannot approve it.
    allow_self_approval = models.BooleanField(
        _("allow self-approval"),
        default=False,
        help_text=_("Let whoever submitted a content item approve it too."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# A reviewer is an editor who may also approve, request changes to and publish content.
ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.EDITOR: 2,
    Role.REVIEWER: 3,
    Role.ADMIN: 4,
    Role.OWNER: 5,
}


# A key can do what an admin can, never what only an owner can.
API_KEY_ROLES = [
    (Role.ADMIN, Role.ADMIN.label),
    (Role.REVIEWER, Role.REVIEWER.label),
    (Role.EDITOR, Role.EDITOR.label),
    (Role.VIEWER, Role.VIEWER.label),
]


def role_at_least(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def lower_role(first: str, second: str) -> str:
    return first if ROLE_RANK[first] <= ROLE_RANK[second] else second


def person_field(
    *, related_name: str = "+", blank: bool = False
) -> models.ForeignKey[User | None, User | None]:
    """A person a record names (who created, wrote, ran or changed it): SET_NULL, so the record
    stays when they are deleted. The default `related_name` "+" leaves the user no way back."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
    )


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["workspace_id", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"


class ApiKey(models.Model):
    """A workspace credential for scripts; only a hash of the key is stored."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    hashed_key = models.CharField(_("hashed key"), max_length=64, unique=True)
    role = models.CharField(_("role"), max_length=16, choices=API_KEY_ROLES, default=Role.EDITOR)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="created_api_keys"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    # What a request made with the key may do: the lower of `role` and its creator's role in the
    # workspace at the time of the request (set by `accounts.services.api_key_authenticate`).
    acting_role: str | None = None

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class Invitation(models.Model):
    """An invitation by email to join a workspace, for people with or without an account.

    Only a hash of the token is stored: the link in the email is the one place the token exists.
    An invitation is used once (`accepted_at`), or revoked by an admin, or expires.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(
        _("email"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    hashed_token = models.CharField(_("hashed token"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="sent_invitations"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expires at"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "email"], name="invitation_workspace_email")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} to {self.workspace} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class OutgoingEmail(models.Model):
    """An e-mail to send, recorded in the transaction that asks for it (an outbox): a worker sends
    it, and the sweep sends again what a broker outage or a dead worker left unsent. It holds ids,
    never a link: the sender draws the link when it sends."""

    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset"
        INVITATION = "invitation"

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(
        _("object id"), help_text=_("The user (a reset) or the invitation.")
    )
    # The language to write it in, chosen when it was asked (blank: LANGUAGE_CODE).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set by the worker sending it, cleared when sending fails: one sender at a time.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_email_unsent",
            )
        ]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
