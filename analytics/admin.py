from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from analytics.models import HourlyRollup, HourlyTemplateRollup, RollupState


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rollups are derived data: rebuilt by `manage.py analytics_rollup`, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(HourlyRollup)
class HourlyRollupAdmin(ReadOnlyAdmin):
    list_display = ["hour", "workspace", "provider", "model", "status", "generations", "cost"]
    list_filter = ["provider", "status"]
    date_hierarchy = "hour"


@admin.register(HourlyTemplateRollup)
class HourlyTemplateRollupAdmin(ReadOnlyAdmin):
    list_display = ["hour", "workspace", "template", "user", "generations", "cost"]
    date_hierarchy = "hour"
    raw_id_fields = ["template", "user"]


@admin.register(RollupState)
class RollupStateAdmin(ReadOnlyAdmin):
    list_display = ["name", "rolled_up_to", "updated_at"]
