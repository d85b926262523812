"""`python manage.py seed_generations --count 1000000 --workspace demo`"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Workspace
from aiagency.logging import CommandLineLoggingMixin
from analytics.seeding import generations_seed
from analytics.services import rollup_rebuild


class Command(CommandLineLoggingMixin, BaseCommand):
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
            raise CommandError("--count and --days must be positive.")
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(f"No workspace with slug “{workspace}” (try `manage.py seed_demo`).")
        started = time.monotonic()
        oldest = generations_seed(workspace=target, count=count, days=days, seed=seed)
        seeded = time.monotonic()
        self.stdout.write(f"Inserted {count:,} generations in {seeded - started:.1f} s.")
        if not no_rollup:
            run = rollup_rebuild(since=oldest)
            self.stdout.write(
                f"Rolled up {run.start:%Y-%m-%d %H:00} to {run.end:%Y-%m-%d %H:00} UTC "
                f"({run.route_rows:,} + {run.template_rows:,} rows) in "
                f"{time.monotonic() - seeded:.1f} s."
            )
