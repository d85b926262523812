from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")  # the admin's heading

    def ready(self) -> None:
        from accounts.recent_callers import connect_signals

        connect_signals()
