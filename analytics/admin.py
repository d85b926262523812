"""Rollups are derived data: rebuilt by `manage.py analytics_rollup`, never edited by hand."""

from __future__ import annotations

from django.contrib import admin

from aiagency.admin import ReadOnlyAdmin
from analytics.models import HourlyRollup, HourlyTemplateRollup, RollupState


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
