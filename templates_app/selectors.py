"""Read queries for templates, with the joins their serializers need."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from accounts.models import Workspace
from templates_app.models import Label, LabelMove, Template, TemplateVersion

EXPORT_CHUNK_SIZE = 1_000


def template_list() -> QuerySet[Template]:
    """Templates with their current version and authors joined: a list page is one query."""
    return Template.objects.select_related(
        "current_version", "current_version__created_by", "created_by"
    )


def template_version_list(*, template: Template) -> QuerySet[TemplateVersion]:
    return TemplateVersion.objects.filter(template=template).select_related("created_by")


def template_version_get(
    *, template: Template, number: int | None = None
) -> TemplateVersion | None:
    """Version `number` of the template, or its current version when `number` is None; None when
    it has no such version."""
    if number is None:
        version = template.current_version
    else:
        version = template_version_list(template=template).filter(number=number).first()
    if version is not None:
        version.template = template  # known already: whoever names it needs no query
    return version


def label_list(*, template: Template) -> QuerySet[Label]:
    return Label.objects.filter(template=template).select_related("updated_by").order_by("name")


def label_history(*, template: Template, name: str) -> QuerySet[LabelMove]:
    return LabelMove.objects.filter(template=template, label=name).select_related("user")


def template_record(template: Template) -> dict[str, Any]:
    """A template as an import/export record: its meta and its current version's content."""
    version = template.current
    return {
        "slug": template.slug,
        "name": template.name,
        "description": template.description,
        "category": template.category,
        "tags": template.tags,
        "language": template.language,
        "archived": template.is_archived,
        "changelog": version.changelog,
        "defaults": version.defaults,
        "variables": version.variables,
        "system_prompt": version.system_prompt,
        "body": version.body,
    }


def template_export_records(*, workspace: Workspace) -> Iterator[dict[str, Any]]:
    """Every template of `workspace` as a record, by slug, read in chunks to bound memory."""
    templates = (
        Template.objects.filter(workspace=workspace)
        .select_related("current_version")
        .order_by("slug")
    )
    for template in templates.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield template_record(template)
