"""Create the demo admin and workspace that `make run` logs in with; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User, Workspace
from accounts.services import workspace_create
from aiagency.languages import TerminalLanguageMixin

DEMO_EMAIL = "admin@example.com"
DEMO_PASSWORD = "admin12345"
DEMO_WORKSPACE_SLUG = "demo"
# The demo runs offline: its templates name no provider, so the workspace's default decides.
# Naming `local` here is what lets it run: the offline provider never runs unless named.
DEMO_PROVIDER, DEMO_MODEL = "local", "local-draft"


class Command(TerminalLanguageMixin, BaseCommand):
    help = "Create (or reset the password of) the demo admin user and the demo workspace."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args: Any, email: str, password: str, **options: Any) -> None:
        user = User.objects.filter(email=email).first() or User.objects.create_superuser(
            email=email
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        workspace = Workspace.objects.filter(slug=DEMO_WORKSPACE_SLUG).first()
        if workspace is None:
            workspace = workspace_create(user=user, name="Demo", slug=DEMO_WORKSPACE_SLUG)
        if not workspace.default_provider:  # a default chosen since is kept
            workspace.default_provider, workspace.default_model = DEMO_PROVIDER, DEMO_MODEL
            workspace.save(update_fields=["default_provider", "default_model"])
        Membership.objects.update_or_create(
            user=user, workspace=workspace, defaults={"role": Role.OWNER}
        )
        login = _("Demo login: %(email)s / %(password)s (workspace '%(slug)s')") % {
            "email": email,
            "password": password,
            "slug": workspace.slug,
        }
        self.stdout.write(self.style.SUCCESS(login))
