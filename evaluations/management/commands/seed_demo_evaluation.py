"""Give the demo workspace a dataset and a finished evaluation of one example template (offline,
on the workspace's `local` provider); safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.management.commands.seed_demo import DEMO_EMAIL, DEMO_WORKSPACE_SLUG
from accounts.models import User, Workspace
from evaluations.models import Dataset
from evaluations.services.datasets import dataset_create, dataset_rows_add
from evaluations.services.evaluations import EvaluationInput, evaluation_create, evaluation_score
from generations.services.batch_runs import batch_process
from templates_app.models import Template

TEMPLATE_SLUG = "product-description"
DATASET_NAME = "Product descriptions: launch catalogue"
CHECKS = [
    {"type": "word_count", "min": 20, "max": 400},
    {"type": "not_contains", "name": "no hype", "values": ["guaranteed", "best ever", "miracle"]},
    {"type": "regex", "name": "names the product", "pattern": r"(?i)kettle|lamp|backpack|mug"},
]
ROWS = [
    ("Copper kettle", "1.7 l\nBoils in 3 minutes\nAuto shut-off"),
    ("Reading lamp", "Warm LED\nThree brightness levels\nUSB-C"),
    ("Trail backpack", "28 l\nWaterproof zips\nPadded laptop sleeve"),
    ("Travel mug", "Keeps drinks hot 6 hours\nLeak-proof lid\nFits cup holders"),
]


class Command(BaseCommand):
    help = "Create the demo dataset and run one evaluation of the product description template."

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=DEMO_WORKSPACE_SLUG).first()
        template = Template.objects.filter(workspace=workspace, slug=TEMPLATE_SLUG).first()
        if workspace is None or template is None:
            raise CommandError(
                _("Run seed_demo and import the example templates first (make demo).")
            )
        user = User.objects.filter(email=DEMO_EMAIL).first()
        dataset = Dataset.objects.filter(workspace=workspace, name=DATASET_NAME).first()
        if dataset is None:
            dataset = dataset_create(
                workspace=workspace,
                user=user,
                data={"name": DATASET_NAME, "template": template, "checks": CHECKS},
            )
            rows = [{"variables": {"product": p, "features": f}} for p, f in ROWS]
            dataset_rows_add(dataset=dataset, rows=rows)
        if dataset.evaluations.exists():
            self.stdout.write(
                _("The demo dataset %(dataset)s has an evaluation already.")
                % {"dataset": dataset.pk}
            )
            return
        evaluation, _created = evaluation_create(
            user=user, data=EvaluationInput(template=template, dataset=dataset)
        )
        # Run here rather than wait for a worker: the demo starts with its evaluation finished
        # (the task sent to the broker finds the batch done and does nothing).
        assert evaluation.batch_id is not None  # a new evaluation has its batch
        batch_process(batch_id=evaluation.batch_id, concurrency=1)
        scored = evaluation_score(evaluation_id=evaluation.pk) or evaluation
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo evaluation %(evaluation)s: %(passed)d of %(total)d rows passed.")
                % {"evaluation": scored.pk, "passed": scored.passed, "total": scored.total}
            )
        )
