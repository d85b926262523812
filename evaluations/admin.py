"""Staff views of datasets, evaluations and comparisons; evaluations and comparisons are
read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from evaluations.models import (
    Comparison,
    ComparisonTarget,
    Dataset,
    DatasetRow,
    Evaluation,
    EvaluationResult,
)


class DatasetRowInline(admin.TabularInline):
    model = DatasetRow
    extra = 0
    fields = ["position", "variables", "reference"]
    readonly_fields = ["position"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "template", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["name"]
    list_select_related = ["workspace", "template"]
    readonly_fields = ["workspace", "created_by"]
    inlines = [DatasetRowInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the API, where checks are cleaned


class EvaluationResultInline(admin.TabularInline):
    model = EvaluationResult
    extra = 0
    can_delete = False
    fields = ["position", "passed", "score", "checks", "error", "generation"]
    readonly_fields = ["position", "passed", "score", "checks", "error", "generation"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["id", "dataset", "template_version", "status", "pass_rate", "created_at"]
    list_filter = ["status", "workspace"]
    list_select_related = ["dataset", "template_version", "template_version__template"]
    inlines = [EvaluationResultInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ComparisonTargetInline(admin.TabularInline):
    model = ComparisonTarget
    extra = 0
    can_delete = False
    fields = ["index", "generation"]
    readonly_fields = ["index", "generation"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = ["id", "workspace", "user", "created_at"]
    list_filter = ["workspace"]
    list_select_related = ["workspace", "user"]
    inlines = [ComparisonTargetInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
