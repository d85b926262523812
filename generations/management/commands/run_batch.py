"""`manage.py run_batch TEMPLATE FILE --workspace SLUG`: a batch from the command line, with a
progress bar; for operators."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from accounts.models import User, Workspace
from aiagency.errors import DomainError
from aiagency.languages import TerminalLanguageMixin
from aiagency.logging import CommandLineLoggingMixin
from generations.models import Batch
from generations.selectors import BatchCounts, batch_counts
from generations.serializers import BatchFileSerializer
from generations.services.batch_progress import batch_follow
from generations.services.batch_runs import batch_process
from generations.services.batches import BatchInput, batch_check, batch_create, batch_enqueue
from templates_app.models import Template


class Command(TerminalLanguageMixin, CommandLineLoggingMixin, BaseCommand):
    help = (
        "Run TEMPLATE (slug or id) over every row of FILE (CSV with a header row of variable "
        "names, JSON list or JSON Lines). Rows run in this process unless --background hands "
        "them to the Celery workers; either way the bar follows the batch to its end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("template", help="The template's slug (or id).")
        parser.add_argument("file", type=Path)
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument("--user", help="Email of the user to record (default: none).")
        parser.add_argument(
            "--template-version", type=int, help="Template version number (default: current)."
        )
        parser.add_argument("--provider")
        parser.add_argument("--model")
        parser.add_argument("--params", default="{}", help="Sampling parameters as JSON.")
        parser.add_argument("--on-invalid", choices=["skip", "reject"], default="skip")
        parser.add_argument("--no-cache", action="store_true", help="Do not reuse cached answers.")
        parser.add_argument("--concurrency", type=int, help="Rows in flight (BATCH_CONCURRENCY).")
        parser.add_argument("--dry-run", action="store_true", help="Check and estimate only.")
        parser.add_argument("--background", action="store_true", help="Run in Celery workers.")

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._input(options)
        try:
            if options["dry_run"]:
                self._print_check(batch_check(data=data).as_dict())
                return
            user = self._user(options["user"])
            batch, _replayed = batch_create(user=user, data=data, enqueue=False)
        except DomainError as error:
            for name, messages in error.errors.items():
                self.stderr.write(f"{name}: {' '.join(messages)}")
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Batch %(id)d: %(total)d rows to run, %(invalid)d invalid rows skipped.")
            % {"id": batch.pk, "total": batch.total, "invalid": batch.invalid}
        )
        self._run(batch, options)
        batch.refresh_from_db()
        counts = batch_counts(batch_id=batch.pk)
        self.stdout.write(
            _(
                "Batch %(id)d %(status)s: %(succeeded)d succeeded, %(failed)d failed, "
                "%(cancelled)d cancelled."
            )
            % {
                "id": batch.pk,
                "status": batch.status,
                "succeeded": counts.succeeded,
                "failed": counts.failed,
                "cancelled": counts.cancelled,
            }
        )
        for results in (batch.results_csv.name, batch.results_jsonl.name):
            if results:
                self.stdout.write(_("Results: %(file)s") % {"file": results})
        if counts.failed:
            raise CommandError(
                _("%(count)d row(s) failed; see the results file.") % {"count": counts.failed}
            )

    def _input(self, options: dict[str, Any]) -> BatchInput:
        template = _template(options["template"], workspace_slug=options["workspace"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        params = _params(options["params"])
        with path.open("rb") as handle:
            serializer = BatchFileSerializer(
                data={
                    "file": File(handle, name=path.name),
                    "version": options["template_version"],
                    "provider": options["provider"],
                    "model": options["model"],
                    "params": params,
                    "on_invalid": options["on_invalid"],
                    "cache": not options["no_cache"],
                }
            )
            if not serializer.is_valid():
                raise CommandError(_problems(serializer.errors))
            try:
                return serializer.to_input(template=template)
            except DomainError as error:
                raise CommandError(f"{path}: {error.message}") from error

    def _user(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("No user with the email '%(email)s'.") % {"email": email})
        return user

    def _run(self, batch: Batch, options: dict[str, Any]) -> None:
        # A bar only on a terminal: in a pipe or a log it would be noise.
        with tqdm(
            total=batch.total, unit="row", disable=not sys.stderr.isatty(), file=sys.stderr
        ) as bar:

            def advance(counts: BatchCounts) -> None:
                bar.update(counts.finished - bar.n)
                bar.set_postfix(failed=counts.failed, refresh=False)

            if not options["background"]:
                batch_process(
                    batch_id=batch.pk, concurrency=options["concurrency"], on_progress=advance
                )
                return
            batch_enqueue(batch=batch)
            batch_follow(batch_id=batch.pk, on_progress=advance)

    def _print_check(self, check: dict[str, Any]) -> None:
        for error in check["errors"]:
            self.stderr.write(
                _("row %(row)d %(field)s: %(message)s")
                % {"row": error["row"], "field": error["field"] or "", "message": error["message"]}
            )
        cost = check["estimated_cost"]
        self.stdout.write(
            _(
                "Dry run, nothing recorded: %(valid)d of %(total)d rows valid, %(invalid)d "
                "invalid; estimated cost %(cost)s on %(provider)s/%(model)s."
            )
            % {
                **check,
                "cost": _("unknown (model not in the catalogue)")
                if cost is None
                else f"${cost:.4f}",
            }
        )


def _problems(errors: dict[str, Any]) -> str:
    return "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in errors.items())


def _template(lookup: str, *, workspace_slug: str) -> Template:
    """The template with the slug (or id) `lookup` in the workspace."""
    workspace = Workspace.objects.filter(slug=workspace_slug).first()
    if workspace is None:
        raise CommandError(_("No workspace with the slug '%(slug)s'.") % {"slug": workspace_slug})
    templates = Template.objects.filter(workspace=workspace).select_related("workspace")
    template = templates.filter(slug=lookup).first() or (
        templates.filter(pk=int(lookup)).first() if lookup.isdigit() else None
    )
    if template is None:
        raise CommandError(
            _("No template '%(template)s' in the workspace '%(slug)s'.")
            % {"template": lookup, "slug": workspace.slug}
        )
    return template


def _params(raw: str) -> dict[str, Any]:
    try:
        params = json.loads(raw)
    except ValueError as error:
        raise CommandError(_("--params is not valid JSON: %(error)s") % {"error": error}) from error
    if not isinstance(params, dict):
        raise CommandError(_("--params must be a JSON object."))
    return params
