"""What the apps' admin pages share: rows that staff may read but not write there.

Here rather than in an app, so that every app may use it; this package is not an installed app,
so Django's admin autodiscovery does not import this module (the apps' own `admin.py` do).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows written by the API or a command, or derived from others: staff may read them, and
    delete them, but neither add nor change them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    """A parent's rows, listed: never added, changed or deleted from the parent's page."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
