"""Every model change ships with its migration: a model edited without one would deploy code that
expects a schema no `migrate` ever creates."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree() -> None:
    out = io.StringIO()

    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(
            f"a model change has no migration (run `manage.py makemigrations`):\n{out.getvalue()}"
        )
