from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemplatesConfig(AppConfig):
    name = "templates_app"
    verbose_name = _("Templates")  # the admin's heading

    def ready(self) -> None:
        # A fresh server or worker process starts a render worker before its first render.
        from aiagency import warmup
        from templates_app.services.rendering import start_rendering

        warmup.register(start_rendering)
