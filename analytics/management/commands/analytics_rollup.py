"""`python manage.py analytics_rollup [--since YYYY-MM-DD]`"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from aiagency.languages import TerminalLanguageMixin
from analytics.services import rollup_rebuild, rollup_refresh


class Command(TerminalLanguageMixin, BaseCommand):
    help = (
        "Roll up closed hours as the beat task does; with --since, rebuild every hour from that "
        "UTC day (after editing or importing old generations)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--since", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, since: date | None, **options: Any) -> None:
        if since is None:
            run = rollup_refresh()
        else:
            run = rollup_rebuild(since=datetime.combine(since, time(0), tzinfo=UTC))
        self.stdout.write(
            _("Rolled up %(start)s to %(end)s UTC: %(routes)s + %(templates)s rows.")
            % {
                "start": f"{run.start:%Y-%m-%d %H:00}",
                "end": f"{run.end:%Y-%m-%d %H:00}",
                "routes": f"{run.route_rows:,}",
                "templates": f"{run.template_rows:,}",
            }
        )
