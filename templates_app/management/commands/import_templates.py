"""`manage.py import_templates PATH... --workspace SLUG [--dry-run]`: bulk upsert by slug."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from accounts.models import User, Workspace
from aiagency.languages import TerminalLanguageMixin
from aiagency.logging import CommandLineLoggingMixin
from templates_app.services.formats import collect_files
from templates_app.services.importing import ImportReport, template_import


class Command(TerminalLanguageMixin, CommandLineLoggingMixin, BaseCommand):
    help = (
        "Import templates from JSON, YAML, CSV and Markdown (front matter) files or folders; "
        "templates are matched by slug and a version is written only when content changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument("--user", help="Email of the author to record (default: none).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(
                _("No workspace with the slug '%(slug)s'.") % {"slug": options["workspace"]}
            )
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("No user with the email '%(email)s'.") % {"email": options["user"]}
                )
        files, missing = collect_files(options["paths"])
        # A bar only on a terminal: in a pipe or a log it would be noise.
        with tqdm(unit="template", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:

            def advance(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            report = template_import(
                workspace=workspace,
                user=user,
                files=((str(path), path.read_bytes()) for path in files),
                dry_run=options["dry_run"],
                on_progress=advance,
            )
        report.failures[:0] = missing
        self._print(report, verbose=options["verbosity"] > 1 or options["dry_run"])
        if report.failures:
            raise CommandError(
                _("%(count)d template(s) or file(s) failed.") % {"count": len(report.failures)}
            )

    def _print(self, report: ImportReport, *, verbose: bool) -> None:
        for failure in report.failures:
            where = f"{failure.source}:{failure.location}" if failure.location else failure.source
            self.stderr.write(self.style.ERROR(f"{where}: {failure.message}"))
        if verbose:
            for item in report.items:
                if item.action != "unchanged":
                    self.stdout.write(
                        _("%(action)s %(slug)s (version %(version)d)")
                        % {"action": item.action, "slug": item.slug, "version": item.version}
                    )
        counts = report.as_dict()
        summary = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % counts
        if report.dry_run:
            summary = _("Dry run, nothing written: would have %(summary)s") % {"summary": summary}
        failed = _("%(summary)s; %(failed)d failed.") % {"summary": summary, **counts}
        self.stdout.write(self.style.SUCCESS(failed))
