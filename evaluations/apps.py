from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")  # the admin's heading

    def ready(self) -> None:
        # Release gates (templates_app) and batch ends (generations) reach this app through hooks:
        # the apps below never import it.
        from evaluations.services.evaluations import on_batch_finished
        from evaluations.services.gates import dataset_in_workspace, gate_verdict
        from generations.signals import batch_finished
        from templates_app.services.labels import register_gate_hooks

        register_gate_hooks(check=gate_verdict, dataset_exists=dataset_in_workspace)
        batch_finished.connect(on_batch_finished, dispatch_uid="evaluations.batch_finished")
