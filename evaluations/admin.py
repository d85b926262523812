"""Staff views of datasets, evaluations and comparisons; evaluations and comparisons are
read-only records."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from aiagency.admin import ReadOnlyAdmin, ReadOnlyInline
from evaluations import models


class DatasetRowInline(admin.TabularInline):
    model = models.DatasetRow
    extra = 0
    fields = ["position", "variables", "reference"]
    readonly_fields = ["position"]


@admin.register(models.Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "template", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["name"]
    list_select_related = ["workspace", "template"]
    readonly_fields = ["workspace", "created_by"]
    inlines = [DatasetRowInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the API, where checks are cleaned


class EvaluationResultInline(ReadOnlyInline):
    model = models.EvaluationResult
    fields = readonly_fields = ("position", "passed", "score", "checks", "error", "generation")


@admin.register(models.Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["id", "dataset", "template_version", "status", "pass_rate", "created_at"]
    list_filter = ["status", "workspace"]
    list_select_related = ["dataset", "template_version", "template_version__template"]
    inlines = [EvaluationResultInline]


class ComparisonTargetInline(ReadOnlyInline):
    model = models.ComparisonTarget
    fields = readonly_fields = ("index", "generation")


@admin.register(models.Comparison)
class ComparisonAdmin(ReadOnlyAdmin):
    list_display = ["id", "workspace", "user", "created_at"]
    list_filter = ["workspace"]
    list_select_related = ["workspace", "user"]
    inlines = [ComparisonTargetInline]
