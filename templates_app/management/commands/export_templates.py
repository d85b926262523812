"""`manage.py export_templates --workspace SLUG [--format ...] [--output PATH]`.

The inverse of `import_templates`: importing the output into an empty workspace and exporting
again gives the same output. Only the current version of each template is exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Workspace
from aiagency.languages import TerminalLanguageMixin
from templates_app.selectors import template_export_records
from templates_app.services.formats import WRITERS, dump_markdown


class Command(TerminalLanguageMixin, BaseCommand):
    help = "Export a workspace's templates as JSON, YAML, CSV, or a folder of Markdown files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument("--format", choices=[*WRITERS, "markdown"], default="json")
        parser.add_argument(
            "--output", type=Path, help="A file (a folder for markdown); standard output if none."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(
                _("No workspace with the slug '%(slug)s'.") % {"slug": options["workspace"]}
            )
        records = list(template_export_records(workspace=workspace))
        output: Path | None = options["output"]
        if options["format"] == "markdown":
            if output is None:
                raise CommandError(_("--output must name a folder for the markdown format."))
            output.mkdir(parents=True, exist_ok=True)
            for record in records:
                path = output / f"{record['slug']}.md"
                path.write_text(dump_markdown(record), encoding="utf-8")
        elif output is None:
            self.stdout.write(WRITERS[options["format"]](records), ending="")
        else:
            output.write_text(WRITERS[options["format"]](records), encoding="utf-8")
        self.stderr.write(
            _("Exported %(count)d template(s) from '%(slug)s'.")
            % {"count": len(records), "slug": workspace.slug}
        )
