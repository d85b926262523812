from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GenerationsConfig(AppConfig):
    name = "generations"
    verbose_name = _("Generations")  # the admin's heading

    def ready(self) -> None:
        # Queue depth and circuit gauges, read from the database and the cache at scrape time.
        from generations import ops_metrics

        ops_metrics.register()

        # The templates app checks defaults and prices previews through these hooks.
        from generations.services.template_hooks import defaults_problems, run_estimate
        from templates_app.services.preview import register_run_estimator
        from templates_app.services.schema import register_defaults_check

        register_defaults_check(defaults_problems)
        register_run_estimator(run_estimate)

        # A fresh server or worker process imports the SDKs it will call before its first call.
        from aiagency import warmup
        from generations.services.credentials import import_adapters_in_use

        warmup.register(import_adapters_in_use)
