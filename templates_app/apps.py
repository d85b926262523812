from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemplatesConfig(AppConfig):
    name = "templates_app"
    verbose_name = _("Templates")  # the admin's heading
