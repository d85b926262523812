from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet

from aiagency.admin import ReadOnlyInline
from generations.models import (
    Batch,
    Generation,
    GenerationAttempt,
    GenerationRating,
    ModelPrice,
    ProviderCredential,
    WorkspaceUsage,
)
from generations.services.credentials import credential_delete


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
    list_display = [
        "provider",
        "model",
        "label",
        "context_window",
        "input_price_per_mtok",
        "output_price_per_mtok",
        "is_active",
    ]
    list_editable = ["input_price_per_mtok", "output_price_per_mtok", "is_active"]
    list_filter = ["provider", "is_active"]
    search_fields = ["model", "label"]


@admin.register(ProviderCredential)
class ProviderCredentialAdmin(admin.ModelAdmin):
    """Keys are set through the API (encrypted there); the admin shows only their last 4."""

    list_display = ["workspace", "provider", "api_key_last4", "base_url", "updated_at"]
    list_filter = ["provider"]
    fields = readonly_fields = (
        "workspace",
        "provider",
        "api_key_last4",
        "base_url",
        "created_by",
        "updated_at",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def delete_model(self, request: object, obj: ProviderCredential) -> None:
        credential_delete(credential=obj)

    def delete_queryset(self, request: object, queryset: QuerySet[ProviderCredential]) -> None:
        for credential in queryset:
            credential_delete(credential=credential)


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened: staff may read it, never add or rewrite it."""

    def get_readonly_fields(self, request: object, obj: object = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


class GenerationAttemptInline(ReadOnlyInline):
    """The provider calls of a generation run by a worker; `unknown` ones were lost with their
    worker and are counted in the generation's cost at an estimate."""

    model = GenerationAttempt
    fields = readonly_fields = (
        "number",
        "provider",
        "model",
        "status",
        "input_tokens",
        "output_tokens",
        "cost",
        "error",
        "started_at",
        "finished_at",
    )


@admin.register(WorkspaceUsage)
class WorkspaceUsageAdmin(RecordAdmin):
    """What each workspace with a limit has spent and holds (see services.quotas)."""

    list_display = [
        "workspace",
        "day",
        "tokens_spent",
        "tokens_reserved",
        "month",
        "cost_spent",
        "cost_reserved",
        "counted_at",
    ]
    list_select_related = ["workspace"]


# The columns a generation and a batch both start with.
_RUN_COLUMNS = ["id", "workspace", "template_version", "user", "provider", "model", "status"]


@admin.register(Generation)
class GenerationAdmin(RecordAdmin):
    list_display = [
        *_RUN_COLUMNS,
        "cache_hit",
        "cost",
        "latency_ms",
        "created_at",
    ]
    list_filter = ["status", "provider", "mode", "cache_hit", "created_at"]
    search_fields = ["rendered_prompt", "output", "user__email"]
    list_select_related = ["workspace", "template_version__template", "user"]
    date_hierarchy = "created_at"
    inlines = [GenerationAttemptInline]


@admin.register(GenerationRating)
class GenerationRatingAdmin(RecordAdmin):
    """Members' ratings (one each per generation), given in the dashboard or the API."""

    list_display = ["id", "generation", "user", "rating", "updated_at"]
    list_filter = ["rating", "updated_at"]
    search_fields = ["feedback", "user__email"]
    list_select_related = ["generation", "user"]
    raw_id_fields = ["generation"]


@admin.register(Batch)
class BatchAdmin(RecordAdmin):
    """Batches are started through the API or `manage.py run_batch`; staff may read them."""

    list_display = [
        *_RUN_COLUMNS,
        "total",
        "invalid",
        "estimated_cost",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "provider", "created_at"]
    search_fields = ["source_name", "user__email"]
    list_select_related = ["workspace", "template_version__template", "user"]
    date_hierarchy = "created_at"
