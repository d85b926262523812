"""Bulk import: upsert templates by slug from parsed records, in chunks of bulk writes.

Each record is cleaned exactly as the API cleans its input; a bad one is reported with its file and
line and the others go on. Records are then written `CHUNK_SIZE` at a time with a constant number of
queries per chunk (a read of the existing templates, an insert of templates, one of versions, and
the updates that point templates at their new versions), so 10,000 templates take about a hundred
queries, not tens of thousands. A template and its version are written in one transaction; should
the database refuse a chunk (a concurrent edit took a slug), that chunk is written again one
template at a time so only the culprit fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from templates_app.errors import TemplateInvalid
from templates_app.models import Template, TemplateVersion
from templates_app.services.content import (
    TemplateContent,
    input_clean,
    slug_for,
    workspace_language_tag,
)
from templates_app.services.formats import RECORD_FIELDS, SourceError, SourceRecord, read_source
from templates_app.services.text import UNSTORABLE_MESSAGE, has_unstorable_characters
from templates_app.services.versions import version_build

CHUNK_SIZE = 500


@dataclass
class CleanRecord:
    source: str
    location: str
    slug: str
    meta: dict[str, Any]
    content: TemplateContent
    changelog: str


@dataclass
class ImportItem:
    slug: str
    action: str  # created | updated | unchanged
    version: int | None
    source: str
    location: str


@dataclass
class ImportReport:
    dry_run: bool
    items: list[ImportItem] = field(default_factory=list)
    failures: list[SourceError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "failed": len(self.failures),
            "items": [vars(item) for item in self.items],
            "errors": [vars(failure) for failure in self.failures],
        }


def _clean(record: SourceRecord) -> CleanRecord:
    data = record.data
    # YAML keys need not be texts (`1: x`, `null: y`): sorting them as given would raise.
    unknown = sorted(str(key) for key in set(data) - set(RECORD_FIELDS))
    if unknown:
        raise TemplateInvalid({key: [_("Unknown field.")] for key in unknown})
    if "name" not in data:
        raise TemplateInvalid({"name": [_("This field is required.")]})
    renamed = {"is_archived": data["archived"]} if "archived" in data else {}
    meta, content, _warnings = input_clean({**data, **renamed})
    changelog = data.get("changelog") or ""
    if not isinstance(changelog, str):
        raise TemplateInvalid({"changelog": [_("Must be a text.")]})
    if has_unstorable_characters(changelog):
        raise TemplateInvalid({"changelog": [UNSTORABLE_MESSAGE]})
    slug = meta.pop("slug", None) or slug_for(meta["name"])
    return CleanRecord(record.source, record.location, slug, meta, content, changelog)


def _clean_chunk(
    chunk: list[SourceRecord | SourceError], seen: dict[str, str], report: ImportReport
) -> list[CleanRecord]:
    """The chunk's valid records; failures and repeated slugs (`seen` across chunks) reported."""
    cleaned: list[CleanRecord] = []
    for record in chunk:
        if isinstance(record, SourceError):
            report.failures.append(record)
            continue
        try:
            clean = _clean(record)
        except TemplateInvalid as error:
            report.failures.append(SourceError(record.source, record.location, error.message))
            continue
        where = f"{record.source} {record.location}"
        first = seen.setdefault(clean.slug, where)
        if first != where:
            message = _("The slug '%(slug)s' was already imported from %(source)s.") % {
                "slug": clean.slug,
                "source": first,
            }
            report.failures.append(SourceError(record.source, record.location, message))
            continue
        cleaned.append(clean)
    return cleaned


@dataclass
class _Plan:
    """What a chunk changes: the rows to insert and update, the versions to write."""

    user: User | None
    items: list[ImportItem] = field(default_factory=list)
    new_templates: list[Template] = field(default_factory=list)
    touched: list[Template] = field(default_factory=list)
    versions: list[TemplateVersion] = field(default_factory=list)

    def add(self, template: Template, record: CleanRecord, action: str, new_version: bool) -> None:
        number = template.current.number if template.current_version_id else 0
        if new_version:
            number += 1
            changelog = record.changelog or _("Imported from %(source)s.") % {
                "source": record.source
            }
            version = version_build(
                template=template,
                number=number,
                content=record.content,
                user=self.user,
                changelog=changelog,
            )
            self.versions.append(version)
        if template.pk is not None:  # a new template is written whole by its insert
            template.updated_at = timezone.now()
            self.touched.append(template)
        self.items.append(ImportItem(record.slug, action, number, record.source, record.location))


def _plan_chunk(
    *, workspace: Workspace, user: User | None, chunk: list[CleanRecord], lock: bool
) -> _Plan:
    existing = Template.objects.filter(workspace=workspace, slug__in=[r.slug for r in chunk])
    if lock:
        existing = existing.select_for_update(of=("self",))
    by_slug = {template.slug: template for template in existing.select_related("current_version")}
    plan = _Plan(user=user)
    for record in chunk:
        template = by_slug.get(record.slug)
        if template is None:
            template = Template(
                workspace=workspace,
                slug=record.slug,
                created_by=user,
                **{"language": workspace_language_tag(workspace), **record.meta},
            )
            plan.new_templates.append(template)
            plan.add(template, record, "created", new_version=True)
            continue
        content_changed = TemplateContent.of(template.current) != record.content
        if content_changed or any(getattr(template, k) != v for k, v in record.meta.items()):
            for key, value in record.meta.items():
                setattr(template, key, value)
            plan.add(template, record, "updated", new_version=content_changed)
        else:
            number = template.current.number
            plan.items.append(
                ImportItem(record.slug, "unchanged", number, record.source, record.location)
            )
    return plan


_UPDATED_FIELDS = [
    "name",
    "description",
    "category",
    "tags",
    "language",
    "is_archived",
    "current_version",
]


def _write(plan: _Plan) -> None:
    # Inserting the templates gives them ids, the versions then take them (Django fills in a
    # foreign key from an object saved after the assignment), and the last update points each
    # template at its new current version.
    Template.objects.bulk_create(plan.new_templates)
    TemplateVersion.objects.bulk_create(plan.versions)
    for version in plan.versions:
        version.template.current_version = version
    # An update per changed column costs a CASE over the chunk: new templates need only one.
    Template.objects.bulk_update(plan.new_templates, ["current_version"])
    Template.objects.bulk_update(plan.touched, [*_UPDATED_FIELDS, "updated_at"])


def _import_atomically(
    *, workspace: Workspace, user: User | None, chunk: list[CleanRecord], dry_run: bool
) -> list[ImportItem]:
    with transaction.atomic():
        plan = _plan_chunk(workspace=workspace, user=user, chunk=chunk, lock=not dry_run)
        if not dry_run:
            _write(plan)
    return plan.items


def _import_chunk(
    *, workspace: Workspace, user: User | None, chunk: list[CleanRecord], dry_run: bool
) -> tuple[list[ImportItem], list[SourceError]]:
    import_atomically = partial(_import_atomically, workspace=workspace, user=user, dry_run=dry_run)
    if not chunk:
        return [], []
    try:
        return import_atomically(chunk=chunk), []
    except DatabaseError:
        pass  # written again one template at a time below, so only the one at fault fails
    items: list[ImportItem] = []
    failures: list[SourceError] = []
    for record in chunk:
        try:
            items += import_atomically(chunk=[record])
        except DatabaseError as error:
            message = _("The database refused this template: %(error)s") % {"error": error}
            failures.append(SourceError(record.source, record.location, message))
    return items, failures


def template_import(
    *,
    workspace: Workspace,
    user: User | None,
    files: Iterable[tuple[str, bytes]],
    dry_run: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every template of `files` (name, content) into `workspace`; see the module doc.

    `on_progress(done, total)` is called after each chunk, for a progress bar.
    """
    report = ImportReport(dry_run=dry_run)
    records = [parsed for name, content in files for parsed in read_source(name, content)]
    seen: dict[str, str] = {}
    for start in range(0, len(records), CHUNK_SIZE):
        chunk = _clean_chunk(records[start : start + CHUNK_SIZE], seen, report)
        items, failures = _import_chunk(
            workspace=workspace, user=user, chunk=chunk, dry_run=dry_run
        )
        report.items += items
        report.failures += failures
        if on_progress:
            on_progress(min(start + CHUNK_SIZE, len(records)), len(records))
    return report
