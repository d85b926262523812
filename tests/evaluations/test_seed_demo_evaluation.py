"""`seed_demo_evaluation`: the demo workspace gets a dataset and a finished evaluation, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from evaluations.models import Dataset, Evaluation

pytestmark = pytest.mark.django_db


def test_the_demo_gets_a_dataset_and_a_finished_evaluation_once(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_model_catalogue", verbosity=0)
    call_command("seed_demo")
    call_command("import_templates", "examples/templates", workspace="demo")
    call_command("seed_demo_evaluation")
    call_command("seed_demo_evaluation")
    evaluation = Evaluation.objects.get()
    assert evaluation.status == "finished"
    assert evaluation.total == 4 and evaluation.results.count() == 4
    assert evaluation.pass_rate is not None
    assert Dataset.objects.get().rows.count() == 4
