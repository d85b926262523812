"""Staff views of templates: meta is editable, versions are read-only, nothing is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from aiagency.admin import ReadOnlyAdmin, ReadOnlyInline
from aiagency.errors import DomainError
from templates_app.models import Label, LabelMove, Template, TemplateVersion
from templates_app.services.content import META_FIELDS
from templates_app.services.rendering import render_each
from templates_app.services.schema import sample_context
from templates_app.services.versions import template_set_archived


class TemplateVersionInline(ReadOnlyInline):
    model = TemplateVersion
    fk_name = "template"
    fields = readonly_fields = ("number", "changelog", "created_by", "created_at", "body")
    ordering = ["-number"]


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin[Template]):
    list_display = ["name", "slug", "workspace", "category", "version", "is_archived", "updated_at"]
    list_filter = ["is_archived", "category", "workspace"]
    search_fields = ["name", "slug", "description", "current_version__body"]
    list_select_related = ["workspace", "current_version"]
    fields = ["workspace", *META_FIELDS, "created_by", "preview"]
    # The language is checked as a BCP 47 tag by the API only.
    readonly_fields = ["workspace", "slug", "language", "created_by", "preview"]
    inlines = [TemplateVersionInline]
    actions = ["archive", "unarchive"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # templates are created through the API or the import, with a version

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # archive instead: generations point at template versions

    @admin.display(description="version")
    def version(self, template: Template) -> int | None:
        return template.current_version.number if template.current_version else None

    @admin.display(description="preview (defaults, or sample values)")
    def preview(self, template: Template) -> str:
        version = template.current_version
        if version is None:
            return "-"
        try:
            context = sample_context(version.variables)
            texts = render_each(
                {"system_prompt": version.system_prompt, "body": version.body}, context
            )
        except DomainError as error:
            return format_html("<em>Cannot render: {}</em>", error.message)
        block = '<pre style="white-space: pre-wrap">{}</pre>'
        return format_html(block + block, texts["system_prompt"], texts["body"])

    @admin.action(description="Archive selected templates")
    def archive(self, request: HttpRequest, queryset: QuerySet[Template]) -> None:
        self._set_archived(request, queryset, archived=True)

    @admin.action(description="Unarchive selected templates")
    def unarchive(self, request: HttpRequest, queryset: QuerySet[Template]) -> None:
        self._set_archived(request, queryset, archived=False)

    def _set_archived(
        self, request: HttpRequest, queryset: QuerySet[Template], *, archived: bool
    ) -> None:
        for template in queryset:
            template_set_archived(template=template, archived=archived)
        verb = "Archived" if archived else "Unarchived"
        self.message_user(request, f"{verb} {queryset.count()} template(s).", messages.SUCCESS)


class _LabelRecordAdmin(ReadOnlyAdmin):
    """Labels move through the API, where release gates apply and each move is recorded."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Label)
class LabelAdmin(_LabelRecordAdmin):
    list_display = ["name", "template", "arms", "updated_by", "updated_at"]
    list_filter = ["name", "template__workspace"]
    search_fields = ["name", "template__name", "template__slug"]
    list_select_related = ["template", "updated_by"]


@admin.register(LabelMove)
class LabelMoveAdmin(_LabelRecordAdmin):
    list_display = ["created_at", "template", "label", "from_arms", "to_arms", "forced", "user"]
    list_filter = ["forced", "label", "template__workspace"]
    search_fields = ["label", "template__name", "reason"]
    list_select_related = ["template", "user"]
    date_hierarchy = "created_at"
