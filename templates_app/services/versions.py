"""Writing templates: creation, edits that version their content, restore, archive.

Every edit names the version it started from (`base_version`); the template row is locked while the
edit is checked and written, so of two editors starting from the same version the second gets a
conflict instead of silently overwriting the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.db import create_with_slug, unique_or
from aiagency.errors import ConflictError, DomainError
from templates_app.models import Template, TemplateVersion
from templates_app.services.content import (
    TemplateContent,
    input_clean,
    slug_for,
    workspace_language_tag,
)
from templates_app.services.schema import check_renders


@dataclass
class TemplateWrite:
    """What a write did: the template, its current version, and warnings for the author."""

    template: Template
    version: TemplateVersion
    version_created: bool
    warnings: list[str] = field(default_factory=list)


def _unique_slug(workspace: Workspace, name: str) -> str:
    base = slug_for(name)[:190]
    taken = set(
        Template.objects.filter(workspace=workspace, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _slug_taken(workspace_id: int, slug: str) -> bool:
    return Template.objects.filter(workspace_id=workspace_id, slug=slug).exists()


def _slug_conflict() -> ConflictError:
    return ConflictError(_("A template with this slug already exists here."), field="slug")


def version_build(
    *, template: Template, number: int, content: TemplateContent, user: User | None, changelog: str
) -> TemplateVersion:
    """An unsaved version (saved one by one here, in bulk by the importer)."""
    return TemplateVersion(
        template=template,
        number=number,
        changelog=changelog[:500],
        created_by=user,
        **content.as_dict(),
    )


@transaction.atomic
def template_create(
    *, workspace: Workspace, user: User | None, data: Mapping[str, Any]
) -> TemplateWrite:
    """Create a template and its version 1 from flat input (meta and content fields)."""
    meta, content, warnings = input_clean(data)
    meta.setdefault("language", workspace_language_tag(workspace))
    if "slug" in meta and _slug_taken(workspace.pk, meta["slug"]):
        raise _slug_conflict()
    template = create_with_slug(
        lambda slug: Template.objects.create(
            workspace=workspace, created_by=user, **{**meta, "slug": slug}
        ),
        given=meta.get("slug"),
        free=lambda: _unique_slug(workspace, meta["name"]),
        taken=_slug_conflict,
    )
    version = version_build(
        template=template,
        number=1,
        content=content,
        user=user,
        changelog=data.get("changelog") or _("Created."),
    )
    version.save()
    template.current_version = version
    template.save(update_fields=["current_version", "updated_at"])
    return TemplateWrite(template, version, version_created=True, warnings=warnings)


def _lock(template: Template, base_version: int) -> Template:
    """The template's row, locked, after checking the caller edited its current version."""
    locked = Template.objects.select_for_update().get(pk=template.pk)
    # Never None here: a template has its current version from its creation on.
    current = TemplateVersion.objects.get(pk=locked.current_version_id)  # type: ignore[misc]
    locked.current_version = current
    if base_version != current.number:
        raise ConflictError(
            _(
                "This template is now at version %(current)d and your edit started from "
                "version %(base)d: reload it and apply your change again."
            )
            % {"current": current.number, "base": base_version},
            field="base_version",
        )
    return locked


def _write_version(
    *, template: Template, content: TemplateContent, user: User | None, changelog: str
) -> TemplateVersion:
    version = version_build(
        template=template,
        number=template.current.number + 1,
        content=content,
        user=user,
        changelog=changelog,
    )
    version.save()
    template.current_version = version
    return version


@transaction.atomic
def template_update(
    *, template: Template, user: User | None, base_version: int, data: Mapping[str, Any]
) -> TemplateWrite:
    """Apply a full or partial edit; a content change writes version n+1, meta alone does not."""
    template = _lock(template, base_version)
    current = TemplateContent.of(template.current)
    meta, content, warnings = input_clean(data, current=current)
    if meta.get("slug", template.slug) != template.slug and _slug_taken(
        template.workspace_id, meta["slug"]
    ):
        raise _slug_conflict()
    for key, value in meta.items():
        setattr(template, key, value)
    version_created = content != current
    if version_created:
        changelog = data.get("changelog") or _("Edited from version %(number)d.") % {
            "number": base_version
        }
        _write_version(template=template, content=content, user=user, changelog=changelog)
    with unique_or(_slug_conflict):  # the slug, taken by a concurrent create or edit meanwhile
        template.save()
    return TemplateWrite(template, template.current, version_created, warnings)


@transaction.atomic
def template_restore(
    *, template: Template, user: User | None, number: int, base_version: int, changelog: str = ""
) -> TemplateWrite:
    """Write a new version whose content copies version `number`."""
    template = _lock(template, base_version)
    old = template.versions.filter(number=number).first()
    if old is None:
        raise DomainError(
            _("Version %(number)d does not exist.") % {"number": number}, field="version"
        )
    content = TemplateContent.of(old)
    # A version saved before templates were rendered when saved may not render at all.
    check_renders(
        body=content.body, system_prompt=content.system_prompt, variables=content.variables
    )
    changelog = changelog or _("Restored version %(number)d.") % {"number": number}
    _write_version(template=template, content=content, user=user, changelog=changelog)
    template.save()
    return TemplateWrite(template, template.current, version_created=True)


def template_set_archived(*, template: Template, archived: bool) -> Template:
    """Archive (hide from use, keep every version) or bring back a template."""
    if template.is_archived != archived:
        template.is_archived = archived
        template.save(update_fields=["is_archived", "updated_at"])
    return template
