"""Staff views of content: projects and comments are editable; an item's body history (revisions)
and its transitions are read-only, and a status changes only through the API's transitions."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aiagency.admin import ReadOnlyInline
from content import models


class RevisionInline(ReadOnlyInline):
    model = models.Revision
    fields = readonly_fields = ("number", "title", "author", "edit_ratio", "created_at", "body")
    ordering = ["-number"]


class TransitionInline(ReadOnlyInline):
    model = models.Transition
    fields = readonly_fields = ("from_status", "to_status", "actor", "comment", "created_at")


class BatchProjectInline(ReadOnlyInline):
    model = models.BatchProject
    fields = readonly_fields = ("batch",)
    verbose_name_plural = _("batches")


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "workspace", "due_date", "archived", "updated_at"]
    list_filter = ["archived", "workspace"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [BatchProjectInline]


@admin.register(models.ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "project", "status", "revision", "edit_ratio"]
    list_filter = ["status", "workspace"]
    search_fields = ["title"]
    list_select_related = ["workspace", "project"]
    fields = [
        "workspace",
        "project",
        "title",
        "status",
        "assignee",
        "reviewer",
        "revision",
        "edit_ratio",
        "generation",
        "template_version",
        "created_by",
        "submitted_by",
        "created_at",
        "submitted_at",
        "approved_at",
        "published_at",
        "body",
    ]
    # Title and body change only as new revisions, the status only by a recorded transition.
    readonly_fields = [
        field
        for field in fields
        if isinstance(field, str) and field not in ("project", "assignee", "reviewer")
    ]
    raw_id_fields = ["project", "assignee", "reviewer"]
    inlines = [RevisionInline, TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(models.Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["item", "author", "resolved", "created_at"]
    list_filter = ["resolved"]
    search_fields = ["body"]
    readonly_fields = ["item", "author", "resolved_by", "resolved_at", "created_at"]


@admin.register(models.Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "workspace", "active", "consecutive_failures", "updated_at"]
    list_filter = ["active", "workspace"]
    search_fields = ["url"]
    # The secret never shows here: the API showed it once, to the admin who created the hook.
    exclude = ["secret"]
    readonly_fields = ["consecutive_failures", "disabled_reason", "created_by", "created_at"]


@admin.register(models.WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "webhook",
        "status",
        "attempts",
        "status_code",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["status"]
    readonly_fields = [field.name for field in models.WebhookDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
