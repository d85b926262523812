"""`python manage.py seed_generations --count 1000000 --workspace demo`"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import Workspace
from aiagency.languages import TerminalLanguageMixin
from aiagency.logging import CommandLineLoggingMixin
from analytics.seeding import generations_seed
from analytics.services import rollup_rebuild


class Command(TerminalLanguageMixin, CommandLineLoggingMixin, BaseCommand):
    help = "Insert realistic finished generations over the last days, then rebuild the rollups."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--workspace", default="demo", help="slug of an existing workspace")
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--seed", type=int, default=42, help="random seed (same data again)")
        parser.add_argument("--no-rollup", action="store_true", help="leave the rollups alone")

    def handle(
        self,
        *args: Any,
        count: int,
        workspace: str,
        days: int,
        seed: int,
        no_rollup: bool,
        **options: Any,
    ) -> None:
        if count < 1 or days < 1:
            raise CommandError(_("--count and --days must be positive."))
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(
                _("No workspace with slug “%(slug)s” (try `manage.py seed_demo`).")
                % {"slug": workspace}
            )
        started = time.monotonic()
        oldest = generations_seed(workspace=target, count=count, days=days, seed=seed)
        seeded = time.monotonic()
        self.stdout.write(
            _("Inserted %(count)s generations in %(seconds)s s.")
            % {"count": f"{count:,}", "seconds": f"{seeded - started:.1f}"}
        )
        if not no_rollup:
            run = rollup_rebuild(since=oldest)
            self.stdout.write(
                _(
                    "Rolled up %(start)s to %(end)s UTC (%(routes)s + %(templates)s rows) in "
                    "%(seconds)s s."
                )
                % {
                    "start": f"{run.start:%Y-%m-%d %H:00}",
                    "end": f"{run.end:%Y-%m-%d %H:00}",
                    "routes": f"{run.route_rows:,}",
                    "templates": f"{run.template_rows:,}",
                    "seconds": f"{time.monotonic() - seeded:.1f}",
                }
            )
